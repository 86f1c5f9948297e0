"""Both renderers draw the same incident pages from the generated tree (issue 10).

The sample project (the repository's mkdocs.yml, site_src/, themes/ and
incidents/, copied) is built three ways: ``darksite build`` as today (MkDocs
with the plugin), ``--renderer mkdocs-material`` and ``--renderer zensical``.
The incident article (``div.darksite-incident``) must have the same text,
headings, links and ``<time>`` elements in all three; the outputs the
pipeline copies in must be the bytes today's build writes.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from darksite.cli import main
from tests.conftest import REPO

SAMPLE_PARTS = ("mkdocs.yml", "site_src", "themes", "incidents")
PUBLIC_IDS = ("2026-10-broadband-outage", "2026-11-customer-data-exposure")
OUTPUTS = ("feed.xml", "status.json", "lite/index.html", "robots.txt", "embed/banner.js",
           "embed/snippet.html", "_headers", "nginx-darksite.conf")


def copy_sample(root: Path) -> Path:
    root.mkdir(parents=True)
    for name in SAMPLE_PARTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy2(source, root / name)
    return root


@dataclass
class Article:
    """What a reader gets from one element: its text, headings, links and times."""

    text: list[str] = field(default_factory=list)
    headings: list[tuple[str, str | None, str]] = field(default_factory=list)
    links: list[tuple[str | None, str]] = field(default_factory=list)
    times: list[tuple[str | None, str]] = field(default_factory=list)


class ArticleParser(HTMLParser):
    """Collects :class:`Article` inside the first element whose class list holds ``wanted``."""

    VOID = frozenset({"br", "img", "hr", "input", "meta", "link", "source", "track", "wbr"})

    def __init__(self, wanted: str) -> None:
        super().__init__(convert_charrefs=True)
        self.wanted = wanted
        self.depth = 0
        self.done = False
        self.article = Article()
        self.open: list[tuple[str, dict[str, str | None], list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if self.depth == 0 and (
                self.done or self.wanted not in (values.get("class") or "").split()):
            return
        if tag not in self.VOID:
            self.depth += 1
        if tag in ("h1", "h2", "h3", "h4", "a", "time"):
            self.open.append((tag, values, []))

    def handle_endtag(self, tag: str) -> None:
        if self.depth == 0:
            return
        if self.open and self.open[-1][0] == tag:
            name, values, parts = self.open.pop()
            text = " ".join(" ".join(parts).split())
            if name == "a":
                self.article.links.append((values.get("href"), text))
            elif name == "time":
                self.article.times.append((values.get("datetime"), text))
            else:
                self.article.headings.append((name, values.get("id"), text))
        self.depth -= 1
        if self.depth == 0:
            self.done = True

    def handle_data(self, data: str) -> None:
        if self.depth == 0:
            return
        words = data.split()
        if words:
            self.article.text.extend(words)
        for _, _, parts in self.open:
            parts.append(data)


def article(page: Path, wanted: str = "darksite-incident") -> Article:
    parser = ArticleParser(wanted)
    parser.feed(page.read_text(encoding="utf-8"))
    assert parser.done, f"{page} has no element of class {wanted}"
    return parser.article


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    pytest.importorskip("zensical", reason="zensical is not installed (pip install -e '.[test]')")
    root = copy_sample(tmp_path_factory.mktemp("pipeline") / "project")
    config = str(root / "mkdocs.yml")
    built = {}
    for name, extra in (("plugin", []), ("mkdocs-material", ["--renderer", "mkdocs-material"]),
                        ("zensical", ["--renderer", "zensical"])):
        site = root / f"site-{name}"
        assert main(["build", "-f", config, "-d", str(site), *extra]) == 0
        built[name] = site
    return built


@pytest.mark.parametrize("incident_id", PUBLIC_IDS)
def test_both_renderers_draw_the_same_incident_page(sites: dict[str, Path],
                                                    incident_id: str) -> None:
    today = article(sites["plugin"] / incident_id / "index.html")
    assert today.times and today.links and today.headings
    for renderer in ("mkdocs-material", "zensical"):
        drawn = article(sites[renderer] / incident_id / "index.html")
        assert drawn.text == today.text, renderer
        assert drawn.headings == today.headings, renderer
        assert drawn.links == today.links, renderer
        assert drawn.times == today.times, renderer


HEAD_TAGS = re.compile(r'<meta (?:property|name)="(?:og|twitter):[^>]*>'
                       r'|<link rel="alternate" type="application/atom\+xml"[^>]*>'
                       r'|<script type="application/ld\+json">.*?</script>', re.DOTALL)


@pytest.mark.parametrize("incident_id", PUBLIC_IDS)
def test_both_renderers_give_an_incident_page_the_same_head_tags(sites: dict[str, Path],
                                                                 incident_id: str) -> None:
    """Sharing cards, feed discovery and the JSON-LD announcement, as today's build writes."""
    today = HEAD_TAGS.findall((sites["plugin"] / incident_id / "index.html").read_text())
    assert any("ld+json" in tag for tag in today) and any("og:url" in tag for tag in today)
    for renderer in ("mkdocs-material", "zensical"):
        page = (sites[renderer] / incident_id / "index.html").read_text(encoding="utf-8")
        assert HEAD_TAGS.findall(page) == today, renderer


@pytest.mark.parametrize("page", ["archive/index.html", "about/index.html", "404.html"])
def test_both_renderers_give_other_pages_their_own_sharing_tags(sites: dict[str, Path],
                                                                page: str) -> None:
    """An evergreen page, the archive and the 404 page are shared under their own title and
    address, as today's build writes them (the engine fills in what only it knows; Zensical
    escapes ``/`` in attributes as ``&#x2f;``, which a crawler reads as ``/``)."""
    import html

    def tags(path: Path) -> list[str]:
        return [html.unescape(tag) for tag in HEAD_TAGS.findall(path.read_text(encoding="utf-8"))]

    today = tags(sites["plugin"] / page)
    assert any("og:url" in tag for tag in today) or page == "404.html", today
    for renderer in ("mkdocs-material", "zensical"):
        assert "\x00" not in (sites[renderer] / page).read_text(encoding="utf-8")
        assert tags(sites[renderer] / page) == today, (renderer, page)


LOGO = re.compile(r'<a href="[^"]*" title="[^"]*" class="md-header__button md-logo".*?</a>',
                  re.DOTALL)


def test_the_pipeline_uses_the_projects_own_theme_overrides(sites: dict[str, Path]) -> None:
    """themes/partials/logo.html replaces mkdocs-material's book with an information icon:
    an override darksite does not draw itself goes into the tree as written. (Zensical's
    templates draw their logo without that partial: its own book icon, docs/site.md.)"""
    def icon(renderer: str) -> str:
        found = LOGO.search((sites[renderer] / "about" / "index.html").read_text(
            encoding="utf-8"))
        assert found is not None, renderer
        return found.group(0)[found.group(0).index("<svg"):]  # Zensical writes href="./.."

    assert "M11 9h2V7h-2" in icon("plugin")  # material's information-outline, not the book
    assert icon("mkdocs-material") == icon("plugin")


def test_a_partial_a_project_adds_to_its_theme_reaches_the_pipelines_pages(
        tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "project")
    (root / "themes" / "partials" / "copyright.html").write_text(
        '<div class="md-copyright">OWN-FOOTER Northwind Utilities</div>\n', encoding="utf-8")
    assert main(["build", "-f", str(root / "mkdocs.yml"), "--renderer", "mkdocs-material",
                 "-d", str(tmp_path / "site")]) == 0
    for page in ("index.html", "about/index.html", f"{PUBLIC_IDS[0]}/index.html"):
        assert "OWN-FOOTER" in (tmp_path / "site" / page).read_text(encoding="utf-8"), page


def test_both_renderers_draw_the_same_archive_and_banner(sites: dict[str, Path]) -> None:
    for wanted, page in (("darksite-archive-list", "archive/index.html"),
                         ("darksite-announce", "about/index.html"),
                         ("darksite-active-list", "index.html")):
        today = article(sites["plugin"] / page, wanted)
        for renderer in ("mkdocs-material", "zensical"):
            drawn = article(sites[renderer] / page, wanted)
            assert (drawn.text, drawn.links, drawn.times) == (today.text, today.links,
                                                               today.times), (renderer, page)


def test_outputs_are_the_bytes_of_todays_build(sites: dict[str, Path]) -> None:
    paths = [*OUTPUTS, *(f"{i}/feed.xml" for i in PUBLIC_IDS),
             *(f"lite/{i}/index.html" for i in PUBLIC_IDS)]
    for path in paths:
        assert (sites["mkdocs-material"] / path).read_bytes() == \
            (sites["plugin"] / path).read_bytes(), path
        assert (sites["zensical"] / path).is_file(), path


def test_no_page_loads_anything_from_another_origin(sites: dict[str, Path]) -> None:
    """No script bundle and no engine asset from elsewhere: the pages stay self-contained."""
    for renderer in ("mkdocs-material", "zensical"):
        page = (sites[renderer] / PUBLIC_IDS[0] / "index.html").read_text(encoding="utf-8")
        assert "<script src=" not in page.replace("'", '"'), renderer
        assert "fonts.googleapis" not in page, renderer


def test_an_unknown_renderer_is_a_clear_error(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_sample(tmp_path / "project")
    status = main(["build", "-f", str(root / "mkdocs.yml"), "--renderer", "hugo"])
    assert status == 1
    error = capsys.readouterr().err
    assert "unknown renderer 'hugo'" in error and "mkdocs-material, zensical" in error
    assert "Traceback" not in error


def test_a_broken_theme_partial_is_a_located_error(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_sample(tmp_path / "project")
    partial = root / "themes" / "partials" / "incident" / "title.html"
    partial.write_text("<h1>{% if incident %}{{ incident.title }}</h1>\n", encoding="utf-8")
    status = main(["build", "-f", str(root / "mkdocs.yml"), "--renderer", "mkdocs-material",
                   "-d", str(tmp_path / "site")])
    assert status == 1
    error = capsys.readouterr().err
    assert "title.html:1" in error and "could not be drawn" in error
    assert "Traceback" not in error


@pytest.mark.parametrize("renderer", ["mkdocs-material", "zensical"])
def test_each_renderer_serves_the_generated_tree(tmp_path: Path, renderer: str) -> None:
    """The port's second operation: ``serve(tree_dir, addr)`` on loopback, then stopped."""
    import subprocess
    import sys

    from tests.browser_support import free_port
    from tests.test_ops_rehearse import poll

    root = copy_sample(tmp_path / "project")
    assert main(["build", "-f", str(root / "mkdocs.yml"), "--renderer", renderer,
                 "-d", str(tmp_path / "site")]) == 0
    tree = root / ".darksite-cache" / "pipeline" / "tree"
    addr = f"127.0.0.1:{free_port()}"
    code = ("import sys; from pathlib import Path; from darksite.pipeline.port import "
            "renderer_named; renderer_named(sys.argv[1]).serve(Path(sys.argv[2]), sys.argv[3])")
    process = subprocess.Popen([sys.executable, "-c", code, renderer, str(tree), addr],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        page = poll(f"http://{addr}/{PUBLIC_IDS[1]}/", process, "darksite-incident")
        assert "<time datetime=" in page
        if renderer == "mkdocs-material":  # the outputs too: every link of a page leads on
            assert "<feed" in poll(f"http://{addr}/feed.xml", process, "<feed")
            assert PUBLIC_IDS[1] in poll(f"http://{addr}/lite/", process, PUBLIC_IDS[1])
            assert '"incidents"' in poll(f"http://{addr}/status.json", process, '"incidents"')
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
