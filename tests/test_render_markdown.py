"""Markdown fields: the site's extensions apply, raw HTML is text, no link runs script."""

from __future__ import annotations

import pytest

from darksite.render.markdown import MarkdownRenderer
from darksite.render.safety import is_external, safe_url

EXTENSIONS = ["tables", "attr_list", "admonition", "toc"]


@pytest.fixture(scope="module")
def renderer() -> MarkdownRenderer:
    return MarkdownRenderer(EXTENSIONS)


def test_markdown_fields_get_the_sites_extensions(renderer: MarkdownRenderer) -> None:
    html = renderer.render("| a | b |\n|---|---|\n| 1 | 2 |\n\n!!! note\n    Boil water.\n")
    assert "<table>" in html
    assert 'class="admonition note"' in html


def test_raw_html_in_a_field_is_shown_as_text(renderer: MarkdownRenderer) -> None:
    html = renderer.render("Call us <b>now</b> <script>alert(1)</script>")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;now&lt;/b&gt;" in html


def test_block_level_raw_html_is_shown_as_text(renderer: MarkdownRenderer) -> None:
    html = renderer.render('<div onclick="steal()">\nhello\n</div>\n\n<iframe src="https://x"></iframe>')
    assert "<div" not in html and "<iframe" not in html
    assert "&lt;iframe" in html


def test_raw_html_renders_when_the_site_allows_it() -> None:
    html = MarkdownRenderer(EXTENSIONS, allow_html=True).render("Call us <b>now</b>")
    assert "<b>now</b>" in html


@pytest.mark.parametrize(
    "markdown",
    [
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](  javascript:alert(1))",
        "[click](java\tscript:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "[click](&#x6A;avascript:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "[click][ref]\n\n[ref]: javascript:alert(1)",
        "<javascript:alert(1)>",
    ],
)
def test_script_links_are_neutralised(renderer: MarkdownRenderer, markdown: str) -> None:
    html = renderer.render(markdown)
    assert "script:" not in html.lower().replace("&lt;javascript:", "")
    assert "data:" not in html
    assert 'href="' not in html


def test_script_links_are_neutralised_even_when_html_is_allowed() -> None:
    html = MarkdownRenderer(EXTENSIONS, allow_html=True).render("[x](javascript:alert(1))")
    assert "javascript" not in html


@pytest.mark.parametrize(
    ("markdown", "href"),
    [
        ("[site](https://example.com/help)", "https://example.com/help"),
        ("[old](http://example.com/)", "http://example.com/"),
        ("[mail](mailto:help@example.com)", "mailto:help@example.com"),
        ("[call](tel:+441614960000)", "tel:+441614960000"),
        ("[about](../about/)", "../about/"),
        ("[faq](#faq)", "#faq"),
    ],
)
def test_safe_links_are_kept(renderer: MarkdownRenderer, markdown: str, href: str) -> None:
    assert f'href="{href}"' in renderer.render(markdown)


def test_attribute_lists_cannot_add_event_handlers_or_styles(renderer: MarkdownRenderer) -> None:
    html = renderer.render(
        '[help](https://example.com){: onclick="alert(1)" style="background:url(//t.example)" }'
    )
    assert "onclick" not in html and "style=" not in html
    assert 'href="https://example.com"' in html


def test_an_image_from_another_site_becomes_a_link(renderer: MarkdownRenderer) -> None:
    html = renderer.render("![Map of the area](https://maps.example.com/area.png)")
    assert "<img" not in html
    assert '<a href="https://maps.example.com/area.png">Map of the area' in html


def test_a_local_image_stays_an_image(renderer: MarkdownRenderer) -> None:
    html = renderer.render("![Map of the area](../media/area.png)")
    assert '<img alt="Map of the area" src="../media/area.png"' in html


def test_an_image_with_a_script_source_keeps_only_its_alt_text(renderer: MarkdownRenderer) -> None:
    html = renderer.render("![Map](javascript:alert(1))")
    assert "<img" not in html and "javascript" not in html
    assert "Map" in html


def test_one_renderer_keeps_no_state_between_fields(renderer: MarkdownRenderer) -> None:
    first = renderer.render("### What we know\n")
    second = renderer.render("### What we know\n")
    assert first == second
    assert 'id="what-we-know"' in second


def test_no_text_renders_as_empty_markup(renderer: MarkdownRenderer) -> None:
    assert renderer.render(None) == ""
    assert renderer.render("") == ""


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.com", True),
        ("mailto:a@example.com", True),
        ("tel:+44", True),
        ("sms:+44", True),
        ("relative/path", True),
        ("/absolute/path", True),
        ("#anchor", True),
        ("javascript:alert(1)", False),
        (" \x01javascript:alert(1)", False),
        ("java\nscript:alert(1)", False),
        ("data:image/png;base64,xx", False),
        ("file:///etc/passwd", False),
    ],
)
def test_safe_url_allows_only_web_mail_and_phone_schemes(url: str, safe: bool) -> None:
    assert safe_url(url) is safe


@pytest.mark.parametrize(
    ("url", "external"),
    [("https://cdn.example.com/x.png", True), ("//cdn.example.com/x.png", True),
     ("media/x.png", False), ("/media/x.png", False)],
)
def test_is_external_spots_every_other_origin(url: str, external: bool) -> None:
    assert is_external(url) is external
