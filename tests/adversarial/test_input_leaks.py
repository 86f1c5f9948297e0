"""What a hostile or careless incident file must never get into a real build.

- the raw incident files, when ``incidents_dir`` sits inside the docs folder;
- a request to, or a scheme-less link to, another origin: ``/\\host``,
  ``\\/host``, ``//host``, tabs inside the URL, entity-encoded slashes and
  backslashes (browsers read ``\\`` as ``/``), in the page, the lite page,
  both feeds and ``status.json``'s ``body_html``;
- script: raw ``<script>``, ``<iframe>``, ``<svg onload>``, ``javascript:``
  and ``data:`` URLs, entity-encoded schemes;
- a character that makes an Atom feed ill-formed, even if one got past ``check``.
"""

from __future__ import annotations

import dataclasses
import html
import json
import logging
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from darksite.outputs import write_outputs
from darksite.outputs.atom import xml_safe
from darksite.settings import Settings
from tests.adversarial.input_support import NOW, load
from tests.conftest import build_project, incident_yaml, make_project, site_files

SNEAKY_URLS = [
    "/\\sneaky.example/p.png", "\\/sneaky.example/p.png", "\\\\sneaky.example/p.png",
    "//sneaky.example/p.png", "/\tsneaky.example", "&#47;&#47;sneaky.example/p.png",
    "&#92;&#92;sneaky.example/p.png", "/&#x5C;sneaky.example/p.png", " //sneaky.example/p.png",
]
"""Scheme-less URLs a browser resolves to another host."""

SCRIPT_URLS = ["javascript:alert(1)", "&#106;avascript:alert(1)", "java\tscript:alert(1)",
               "JaVaScRiPt:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "vbscript:x"]

HOSTILE_STATEMENT = "\n".join(
    [f"{index}. ![m{index}]({url}) and [l{index}]({url})" for index, url in
     enumerate(SNEAKY_URLS + SCRIPT_URLS)]
    + ["", "<script>alert('RAWSCRIPT')</script>", "",
       '<iframe src="https://frame.example/"></iframe>', "",
       '<svg onload="alert(1)"><use href="//svg.example/x"/></svg>', "",
       "[ok](/local/page/) ![shown](https://shown.example/p.png)", ""]
)


class _Urls(HTMLParser):
    """Every (tag, attribute, value) of an HTML text whose attribute holds a URL or a handler."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if name in ("src", "href", "srcset", "poster", "data") or name.startswith("on"):
                self.found.append((tag, name, value or ""))


def urls_in(markup: str) -> _Urls:
    parser = _Urls()
    parser.feed(markup)
    return parser


def assert_nothing_hostile(markup: str) -> None:
    parsed = urls_in(markup)
    for tag, name, value in parsed.found:
        if tag == "link":
            continue  # the page's own <head> (icon, stylesheets), not incident text
        plain = html.unescape(value).replace("\\", "/").replace("\t", "").strip().lower()
        assert not plain.startswith("//"), (tag, name, value)  # no scheme, yet another host
        assert not plain.startswith(("javascript:", "data:", "vbscript:")), (tag, name, value)
        assert not name.startswith("on"), (tag, name, value)
        if tag in ("img", "iframe", "script", "source", "video", "audio"):
            assert not plain.startswith(("http:", "https:", "//")), (tag, name, value)
        assert "svg.example" not in plain and "frame.example" not in plain, (tag, name, value)
    assert "iframe" not in parsed.tags and "script" not in parsed.tags
    assert "RAWSCRIPT" not in "".join(v for _, _, v in parsed.found)


def indented(text: str, spaces: int) -> str:
    return "".join(f"{' ' * spaces}{line}\n" if line else "\n" for line in text.split("\n"))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text = incident_yaml("hostile", marker="HOSTILE").replace(
        "  HOSTILE-STATEMENT A water main burst under Mill Road at 07:40.\n",
        indented(HOSTILE_STATEMENT, 2)).replace(
        '    text: "HOSTILE-UPDATE-NEW The burst is under Mill Road."\n',
        "    text: |\n" + indented(HOSTILE_STATEMENT, 6))
    root = make_project(tmp_path_factory.mktemp("hostile"), {"hostile.yaml": text})
    return build_project(root)


def statement_part(page: str) -> str:
    """The page's main content, where incident text goes (the theme's head has its scripts)."""
    return page[page.index("<article"): page.index("</article>")]


def test_the_incident_page_loads_nothing_from_another_origin(hostile_site: Path):
    page = (hostile_site / "hostile" / "index.html").read_text(encoding="utf-8")
    assert_nothing_hostile(statement_part(page))
    assert "&lt;script&gt;alert(&#x27;RAWSCRIPT&#x27;)&lt;/script&gt;" in page or \
        "&lt;script&gt;alert('RAWSCRIPT')&lt;/script&gt;" in page
    assert '<a href="/local/page/">ok</a>' in page
    assert '<a href="https://shown.example/p.png">shown (image on another site)</a>' in page


def test_the_lite_page_loads_nothing_from_another_origin(hostile_site: Path):
    page = (hostile_site / "lite" / "hostile" / "index.html").read_text(encoding="utf-8")
    assert "m0" in page
    assert_nothing_hostile(page)


@pytest.mark.parametrize("feed", ["feed.xml", "hostile/feed.xml"])
def test_the_feeds_carry_no_hostile_markup_and_stay_well_formed(hostile_site: Path, feed: str):
    root = ET.parse(hostile_site / feed).getroot()
    contents = [element.text or "" for element in root.iter("{http://www.w3.org/2005/Atom}content")]
    statement = next(text for text in contents if "m0" in text)
    assert_nothing_hostile(statement)


def test_status_json_body_html_carries_no_hostile_markup(hostile_site: Path):
    data = json.loads((hostile_site / "status.json").read_text(encoding="utf-8"))
    bodies: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            bodies.extend(str(v) for k, v in value.items() if k == "body_html")
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(data)
    statement = next(body for body in bodies if "m0" in body)
    assert_nothing_hostile(statement)


def test_no_file_of_the_site_names_the_sneaky_host_in_an_attribute(hostile_site: Path):
    for path in site_files(hostile_site):
        if path.suffix in (".html", ".xml", ".json"):
            text = path.read_text(encoding="utf-8")
            for _, _, value in urls_in(html.unescape(text) if path.suffix != ".html"
                                       else text).found:
                plain = html.unescape(value).replace("\\", "/").replace("\t", "").strip()
                assert not plain.startswith("//sneaky"), (path, value)


def test_incident_files_inside_the_docs_folder_are_never_copied(tmp_path, caplog):
    draft = incident_yaml("secret-draft", status="draft", marker="INDOCSDRAFT")
    active = incident_yaml("live-one", marker="INDOCSLIVE")
    root = make_project(tmp_path / "p", {"secret-draft.yaml": draft, "live-one.yaml": active},
                        plugin_options={"incidents_dir": "site_src/incidents"})
    shutil.move(root / "incidents", root / "site_src" / "incidents")
    (root / "site_src" / "incidents" / "notes.txt").write_text("INDOCSNOTES internal\n")
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.darksite"):
        site = build_project(root)
    assert not (site / "incidents").exists()
    for path in site_files(site):
        data = path.read_bytes()
        assert b"INDOCSDRAFT" not in data and b"INDOCSLIVE-INTERNAL" not in data, path
        assert b"INDOCSNOTES" not in data, path
    assert (site / "live-one" / "index.html").is_file()
    assert ("incidents_dir site_src/incidents/ is inside docs_dir: its 3 file(s) are left out "
            "of the site") in caplog.text


def test_an_incident_folder_inside_the_docs_folder_is_no_page_clash(tmp_path):
    from darksite.loader import load_incidents

    # The folder is called incidents, the id is not: "incidents" is reserved (/api/v2/).
    root = make_project(tmp_path / "p", {"water-outage.yaml": incident_yaml("water-outage")})
    shutil.move(root / "incidents", root / "site_src" / "incidents")
    loaded = load_incidents(root / "site_src" / "incidents", root=root,
                            docs_dir=root / "site_src", now=NOW)
    assert [d for d in loaded.diagnostics if d.is_error] == []


def test_a_feed_stays_well_formed_even_if_a_control_character_got_past_check(tmp_path):
    incident, _ = load(incident_yaml("x1"))
    assert incident is not None
    broken = dataclasses.replace(incident, title="Water\x1b[31m off\x00\ufffe",
                                 summary="Form\x0cfeed here")
    root = make_project(tmp_path / "p", {})
    settings = Settings(root=root, incidents_dir=root / "incidents", docs_dir=root / "site_src",
                        site_dir=root / "site", site_url="https://status.example.com/")
    write_outputs(root / "site", [broken], settings, hosting=False)
    for feed in ("feed.xml", "x1/feed.xml"):
        parsed = ET.parse(root / "site" / feed).getroot()
        titles = [t.text for t in parsed.iter("{http://www.w3.org/2005/Atom}title")]
        assert "Water[31m off" in titles
    json.loads((root / "site" / "status.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("text", "kept"),
    [("a\x00b\x1bc\x7fd", "abc\x7fd"), ("tab\tnl\ncr\r", "tab\tnl\ncr\r"),
     ("\ufffe\uffffx\ud800", "x"), ("emoji \U0001F600", "emoji \U0001F600")],
)
def test_xml_safe_drops_exactly_the_characters_xml_forbids(text, kept):
    assert xml_safe(text) == kept
