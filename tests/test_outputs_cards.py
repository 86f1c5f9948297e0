"""Sharing cards (``og:image``) on every page, and ``check`` verifying a configured image.

The default cards are real PNGs drawn at build time (same bytes on every
build); every HTML page of a real build, with either renderer, names an
``og:image`` that exists in the built site; the home page's sharing tags
describe the active incident while one is active; a ``social_image`` that
names no file is a located error.
"""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image

from darksite.cli import main
from darksite.outputs import cards
from tests.conftest import build_new_project, incident_yaml, make_project
from tests.test_outputs_site import head

INCIDENTS = {
    "water-2026.yaml": incident_yaml("water-2026", severity="critical", marker="LIVE"),
    "gas-2026.yaml": incident_yaml("gas-2026", status="resolved", marker="OLD",
                                   resolved_at="2026-11-22T08:00:00+01:00"),
    "power-2026.yaml": incident_yaml("power-2026", severity="minor", marker="POWER"),
}
SITE = "https://status.example.com/"


def test_each_card_is_a_1200_by_630_png_with_the_same_bytes_every_time():
    drawn = {kind: cards.draw_card(kind, "Testwind status", "Testwind Utilities")
             for kind in cards.KINDS}
    assert len(set(drawn.values())) == len(cards.KINDS)
    for kind, data in drawn.items():
        assert data == cards.draw_card(kind, "Testwind status", "Testwind Utilities"), kind
        image = Image.open(io.BytesIO(data))
        assert image.format == "PNG" and image.size == (1200, 630), kind
        assert len(data) < 100_000, kind


def test_a_very_long_site_name_still_fits_on_the_card():
    data = cards.draw_card("major", "Testwind " * 40, "Testwind Utilities " * 30)
    assert Image.open(io.BytesIO(data)).size == (1200, 630)


def site_path(site: Path, url: str) -> Path:
    assert url.startswith(SITE), url
    return site / urlsplit(url).path.lstrip("/")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_new_project(tmp_path_factory.mktemp("cards") / "project", INCIDENTS)


def test_every_page_names_an_og_image_the_site_has(site: Path):
    pages = [p for p in site.rglob("*.html") if not {"assets", "embed"} & set(p.parts)]
    assert len(pages) > 10
    for page in pages:
        meta = head(page).meta
        assert "og:image" in meta and "og:title" in meta, page
        assert site_path(site, meta["og:image"]).is_file(), (page, meta["og:image"])
    for kind in cards.KINDS:
        assert (site / cards.card_path(kind)).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(("path", "kind"), [
    ("water-2026/index.html", "critical"), ("power-2026/index.html", "minor"),
    ("gas-2026/index.html", "resolved"), ("lite/water-2026/index.html", "critical"),
    ("lite/gas-2026/index.html", "resolved"), ("water-2026/press-release/index.html", "critical"),
    ("lite/index.html", "critical"), ("archive/index.html", "none"),
])
def test_each_page_shows_the_card_of_its_incident(site: Path, path: str, kind: str):
    assert head(site / path).meta["og:image"] == SITE + cards.card_path(kind)


def test_press_and_lite_pages_carry_opengraph(site: Path):
    for path, words in (("lite/water-2026/index.html", "LIVE-TITLE"),
                        ("water-2026/press-release/index.html", "LIVE-TITLE")):
        meta = head(site / path).meta
        assert words in meta["og:title"], path
        assert meta["og:description"].startswith("LIVE-SUMMARY"), path
        assert meta["og:site_name"] == "Testwind status"
        assert meta["twitter:card"] == "summary_large_image"
    assert head(site / "lite/water-2026/index.html").meta["og:url"] == SITE + "water-2026/"


def test_the_home_page_card_describes_the_active_incident(site: Path):
    meta = head(site / "index.html").meta
    assert meta["og:title"] == "LIVE-TITLE water supply interrupted in Eastfield"
    assert meta["og:description"].startswith("LIVE-SUMMARY")
    assert meta["og:image"] == SITE + cards.card_path("critical")


def test_with_no_active_incident_the_home_card_is_the_sites(tmp_path: Path):
    site = build_new_project(tmp_path / "project", {"gas-2026.yaml": INCIDENTS["gas-2026.yaml"]})
    meta = head(site / "index.html").meta
    assert meta["og:title"] == "Testwind status"
    assert meta["og:image"] == SITE + cards.card_path("none")


def test_the_generated_tree_gives_every_page_the_same_cards(tmp_path: Path):
    """``build --renderer mkdocs-material``: the home and other pages get their sharing tags
    from the generated tree, not from the plugin."""
    root = make_project(tmp_path / "project", INCIDENTS)
    site = tmp_path / "site"
    assert main(["build", "-f", str(root / "mkdocs.yml"), "-d", str(site),
                 "--renderer", "mkdocs-material"]) == 0
    assert head(site / "index.html").meta["og:title"].startswith("LIVE-TITLE")
    assert head(site / "index.html").meta["og:image"] == SITE + cards.card_path("critical")
    assert head(site / "gas-2026/index.html").meta["og:image"] == SITE + cards.card_path(
        "resolved")
    archive = head(site / "archive/index.html").meta
    assert archive["og:image"] == SITE + cards.card_path("none")
    assert site_path(site, archive["og:image"]).is_file()


def test_a_configured_image_replaces_the_cards(tmp_path: Path):
    site = build_new_project(tmp_path / "project", INCIDENTS,
                             plugin_options={"social_image": "media/photo.png"})
    for path in ("index.html", "water-2026/index.html", "lite/index.html"):
        assert head(site / path).meta["og:image"] == SITE + "media/photo.png", path
    assert not any((site / cards.card_path(kind)).exists() for kind in cards.KINDS)


def test_check_reports_a_missing_social_image_where_it_is_set(tmp_path: Path, capsys):
    root = make_project(tmp_path / "project", INCIDENTS,
                        plugin_options={"social_image": "media/share-card.png"})
    assert main(["check", "-f", str(root / "mkdocs.yml")]) == 1
    out = capsys.readouterr().out
    line = next(n for n, text in enumerate(
        (root / "mkdocs.yml").read_text().splitlines(), start=1) if "social_image" in text)
    assert f"mkdocs.yml:{line}:" in out
    assert "error[social-image-missing]" in out
    assert "media/share-card.png" in out and "site_src/media/share-card.png" in out
    assert "Traceback" not in out
