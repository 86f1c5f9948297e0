"""HTML gate: every generated page is well-formed and says what it is.

Each HTML file of the built sample (public and rehearsal) and of a build of
synthetic incidents (``bench.generate``, for Markdown shapes the sample may
not have) goes through html5lib, the WHATWG parsing algorithm in Python,
which reports every parse error a browser would silently repair (stray end
tags, unclosed elements, bad nesting, duplicate attributes). Duplicate
``id`` attributes are refused too: they break in-page links and the labels
screen readers announce.

Every page also carries what search engines, link previews and assistive
technology need: ``<html lang>``, a ``<title>``, a meta description and an
absolute canonical URL on the site. The 404 page is the one exception to the
canonical rule: it is served at every missing address, so it has none.
Fragments that are not pages (``embed/snippet.html``, meant to be pasted
into another site) must parse cleanly as fragments.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import html5lib
import pytest

from tests.quality_support import darksite_build, html_pages, sample_sites

SITE_URL = "https://status.example.com/"
LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
NO_CANONICAL = {"404.html"}
"""Pages that must not claim a canonical URL."""


def parse(data: bytes) -> tuple[object, list[str], bool]:
    """(tree, parse errors, is a whole document) for one file."""
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    is_document = data.lstrip()[:9].lower() == b"<!doctype"
    tree = parser.parse(data) if is_document else parser.parseFragment(data)
    errors = [f"line {line}:{column}: {code} {dict(variables or {})}"
              for (line, column), code, variables in parser.errors]
    return tree, errors, is_document


def page_problems(site: Path, path: Path, *, site_url: str = SITE_URL) -> list[str]:
    """Everything wrong with one built HTML file, as readable lines."""
    name = path.relative_to(site).as_posix()
    tree, problems, is_document = parse(path.read_bytes())
    ids = Counter(element.get("id") for element in tree.iter() if element.get("id"))
    problems += [f"id '{value}' is used {count} times" for value, count in ids.items()
                 if count > 1]
    if not is_document:
        return problems
    lang = tree.get("lang") or ""
    if not LANG.match(lang):
        problems.append(f"<html lang> is {lang!r}, not a language tag")
    title = tree.find("./head/title")
    if title is None or not "".join(title.itertext()).strip():
        problems.append("no <title> (or an empty one)")
    descriptions = [meta.get("content") or "" for meta in tree.iter("meta")
                    if (meta.get("name") or "").lower() == "description"]
    if len(descriptions) != 1 or not descriptions[0].strip():
        problems.append(f"needs one non-empty meta description, has {descriptions!r}")
    canonicals = [link.get("href") or "" for link in tree.iter("link")
                  if "canonical" in (link.get("rel") or "").lower().split()]
    if name in NO_CANONICAL:
        if canonicals:
            problems.append(f"a 404 page must not name a canonical URL, has {canonicals}")
    elif len(canonicals) != 1 or not canonicals[0].startswith(site_url):
        problems.append(f"needs one canonical URL under {site_url}, has {canonicals!r}")
    return problems


def site_problems(site: Path) -> str:
    report = []
    for path in html_pages(site):
        problems = page_problems(site, path)
        if problems:
            report.append(f"{path.relative_to(site)}:\n  " + "\n  ".join(problems))
    return "\n".join(report)


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20 synthetic incidents (drafts, active, resolved) built with the shipped configuration."""
    from bench.generate import generate_incidents
    from bench.projects import write_darksite_project

    base = tmp_path_factory.mktemp("synthetic")
    project = write_darksite_project(base / "project", generate_incidents(20))
    return darksite_build(project, base / "site")


def test_every_page_of_the_public_sample_is_well_formed_and_described() -> None:
    site = sample_sites().public
    assert len(html_pages(site)) >= 8
    problems = site_problems(site)
    assert not problems, "\n" + problems


def test_every_page_of_the_rehearsal_sample_is_well_formed_and_described() -> None:
    problems = site_problems(sample_sites().rehearsal)
    assert not problems, "\n" + problems


def test_every_page_of_a_synthetic_build_is_well_formed_and_described(
    synthetic_site: Path,
) -> None:
    problems = site_problems(synthetic_site)
    assert not problems, "\n" + problems


def test_every_rehearsal_page_is_marked_noindex() -> None:
    site = sample_sites().rehearsal
    unmarked = []
    for path in html_pages(site):
        tree, _errors, is_document = parse(path.read_bytes())
        if not is_document:
            continue
        robots = " ".join(meta.get("content") or "" for meta in tree.iter("meta")
                          if (meta.get("name") or "").lower() == "robots")
        if "noindex" not in robots:
            unmarked.append(path.relative_to(site).as_posix())
    assert not unmarked, f"rehearsal pages without noindex: {unmarked}"


# -- the gate itself catches what it claims -----------------------------------------------


def write(site: Path, name: str, html: str) -> Path:
    path = site / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path


GOOD_HEAD = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>T</title>'
    '<meta name="description" content="D">'
    f'<link rel="canonical" href="{SITE_URL}x/"></head>'
)


def test_a_complete_page_has_no_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "x/index.html", GOOD_HEAD + "<body><p>fine</p></body></html>")
    assert page_problems(tmp_path, path) == []


def test_misnested_markup_is_reported_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "x/index.html",
                 GOOD_HEAD + "<body>\n<p><b>bold <i>both</b> italic</i></p></div></body></html>")
    problems = page_problems(tmp_path, path)
    assert any(p.startswith("line 2:") for p in problems), problems


def test_missing_lang_title_description_and_canonical_are_each_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "x/index.html",
                 "<!doctype html><html><head><meta charset='utf-8'></head><body></body></html>")
    problems = " ".join(page_problems(tmp_path, path))
    for expected in ("<html lang>", "<title>", "meta description", "canonical URL"):
        assert expected in problems


def test_a_404_page_must_not_claim_a_canonical_url(tmp_path: Path) -> None:
    path = write(tmp_path, "404.html", GOOD_HEAD + "<body></body></html>")
    assert page_problems(tmp_path, path) == [
        f"a 404 page must not name a canonical URL, has ['{SITE_URL}x/']"]


def test_duplicate_ids_are_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "x/index.html",
                 GOOD_HEAD + '<body><h2 id="a">1</h2><h2 id="a">2</h2></body></html>')
    assert page_problems(tmp_path, path) == ["id 'a' is used 2 times"]
