"""Markdown and HTML tricks in incident text: shown as text or dropped, never run or fetched.

The site's own renderer (its extensions, raw HTML off), as pages, lite pages,
feeds and ``status.json`` use it; the real builds are in ``test_input_leaks``.
"""

from __future__ import annotations

import pytest

from darksite.render.markdown import MarkdownRenderer
from darksite.render.safety import is_external, safe_url


@pytest.fixture(scope="module")
def renderer() -> MarkdownRenderer:
    return MarkdownRenderer(["tables", "attr_list", "admonition", "toc"])


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("[x](/\\evil.example/)", "<p><a>x</a></p>"),
        ("[x](\\/evil.example/)", "<p><a>x</a></p>"),
        ("[x](//evil.example)", "<p><a>x</a></p>"),
        ("[x](<//evil.example>)", "<p><a>x</a></p>"),
        ("[x](/&#92;evil.example)", "<p><a>x</a></p>"),
        ("[x](&#47;/evil.example)", "<p><a>x</a></p>"),
        ("![m](/\\evil.example/p.png)", "<p><span>m</span></p>"),
        ("![m](\\/evil.example/p.png)", "<p><span>m</span></p>"),
        ('![a](/\\evil.example/p.png "t")', "<p><span>a</span></p>"),
        ("![m](https://cdn.example/p.png)",
         '<p><a href="https://cdn.example/p.png">m (image on another site)</a></p>'),
        ("[x][r]\n\n[r]: javascript:alert(1)", "<p><a>x</a></p>"),
        ("[x](&#x6A;avascript:alert(1))", "<p><a>x</a></p>"),
        ("[x](JAVASCRIPT:alert(1))", "<p><a>x</a></p>"),
        ("![d](data:image/png;base64,AAAA)", "<p><span>d</span></p>"),
        ("<javascript:alert(1)>", "<p>&lt;javascript:alert(1)&gt;</p>"),
        ("<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>"),
        ("x <svg onload=alert(1)>", "<p>x &lt;svg onload=alert(1)&gt;</p>"),
        ('<iframe src="https://x.example"></iframe>',
         '<p>&lt;iframe src="https://x.example"&gt;&lt;/iframe&gt;</p>'),
        ("[ok](/help/) [mail](mailto:a@example.com) [web](https://ok.example/)",
         '<p><a href="/help/">ok</a> <a href="mailto:a@example.com">mail</a> '
         '<a href="https://ok.example/">web</a></p>'),
        ("[x](%2F%2Fevil.example)", '<p><a href="%2F%2Fevil.example">x</a></p>'),  # a path here
    ],
)
def test_a_markdown_trick_renders_safely(renderer, markdown, html):
    assert renderer.render(markdown) == html


@pytest.mark.parametrize(
    ("url", "safe", "external"),
    [("/\\host/p.png", False, True), ("\\/host/p.png", False, True), ("\\\\host", False, True),
     ("/\t/host", False, True), ("/\n/host", False, True), (" //host", False, True),
     ("&#x2F;&#x2F;host", False, True), ("/%5Chost", True, False), ("/ok/page", True, False),
     ("https:\\\\host", True, True), ("java\tscript:x", False, True)],
)
def test_backslashes_and_ignored_characters_are_read_as_a_browser_reads_them(url, safe, external):
    assert (safe_url(url), is_external(url)) == (safe, external)
