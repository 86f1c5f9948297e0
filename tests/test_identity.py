"""The organisation's identity from mkdocs.yml: name, logo, favicon, brand colours, sombre tone.

Issue 11, item 5. Real builds of real projects: the brand colours reach every
page as CSS custom properties, a colour below WCAG AA stops ``darksite
build`` with a located error that names both colours and the ratio, and
``tone: sombre`` turns the site grey and drops social links. axe-core finds
no WCAG 2.2 AA violation with sombre and with a custom brand colour, in both
palettes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from darksite.cli import main
from darksite.identity import AA_TEXT, contrast, readable_on_slate, readable_on_white
from tests.browser_support import serve
from tests.conftest import build_new_project, incident_yaml, make_project
from tests.quality_support import use_palette
from tests.test_quality_accessibility import axe_violations

BRAND = {"name": "Brandwick Water", "logo": "media/photo.png", "favicon": "media/photo.png",
         "primary_colour": "#0b4f6c", "accent_colour": "#8a3b00"}
SOCIAL = "  social:\n    - icon: fontawesome/brands/x-twitter\n      link: https://x.com/example\n"


def _site(root: Path, **plugin_options: object) -> Path:
    incidents = {"burst.yaml": incident_yaml("burst"),
                 "old.yaml": incident_yaml("old", status="resolved",
                                           resolved_at="2026-11-22T10:00:00+01:00")}
    return build_new_project(root, incidents, plugin_options=plugin_options,
                             extra_config="extra:\n  generator: false\n" + SOCIAL)


@pytest.fixture(scope="module")
def branded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _site(tmp_path_factory.mktemp("branded"), organisation=BRAND)


@pytest.fixture(scope="module")
def sombre(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _site(tmp_path_factory.mktemp("sombre"), organisation=BRAND, tone="sombre")


def test_the_brand_reaches_every_page(branded: Path) -> None:
    for page in ("index.html", "burst/index.html", "old/index.html", "archive/index.html"):
        html = (branded / page).read_text(encoding="utf-8")
        assert "--md-primary-fg-color:#0b4f6c" in html, page
        assert "--md-accent-fg-color:#8a3b00" in html, page
        assert re.search(r'<img src="[./]*media/photo\.png" alt="Brandwick Water">', html), page
        assert re.search(r'<link rel="icon" href="[./]*media/photo\.png">', html), page
        assert 'class="md-social' in html  # standard tone keeps the social links


def test_sombre_is_grey_and_drops_promotional_links(sombre: Path) -> None:
    html = (sombre / "burst" / "index.html").read_text(encoding="utf-8")
    assert "--md-primary-fg-color:#3b3b3b" in html and "#0b4f6c" not in html
    assert "filter:grayscale(1)" in html
    assert ".md-social" in html and "display:none" in html


def test_the_slate_shades_of_a_dark_brand_colour_are_readable() -> None:
    for colour in ("#0b4f6c", "#8a3b00", "#3b3b3b", "#000000"):
        assert contrast(readable_on_slate(colour), "#1e2129") >= AA_TEXT
    assert contrast("#ffffff", readable_on_white("#ffcc00")) >= AA_TEXT


def test_a_brand_colour_below_aa_stops_the_build_located(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path, {"burst.yaml": incident_yaml("burst")},
                        plugin_options={"organisation": {"name": "X", "primary_colour": "#ffcc00"}})
    status = main(["build", "-f", str(root / "mkdocs.yml")])
    err = capsys.readouterr().err
    assert status == 1
    line = next(n for n, text in enumerate(
        (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines(), 1)
        if "primary_colour" in text)
    assert f"mkdocs.yml:{line}:" in err
    assert "#ffffff on #ffcc00" in err and "1.51:1" in err and "4.5:1" in err
    assert "Traceback" not in err
    assert not (root / "site" / "index.html").exists()


def test_a_colour_that_is_not_hex_is_refused(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path, {"burst.yaml": incident_yaml("burst")},
                        plugin_options={"organisation": {"name": "X", "accent_colour": "navy"}})
    assert main(["build", "-f", str(root / "mkdocs.yml")]) == 1
    err = capsys.readouterr().err
    assert "'navy' is not a hex colour" in err and "mkdocs.yml:" in err


@pytest.fixture(scope="module", params=["branded", "sombre"])
def served(request: pytest.FixtureRequest) -> Iterator[str]:
    with serve(request.getfixturevalue(request.param)) as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize("palette", ["default", "slate"])
@pytest.mark.parametrize("path", ["", "burst/", "old/"])
def test_axe_finds_nothing_with_a_brand_or_sombre(browser, served: str, path: str,
                                                  palette: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(served + path)
    use_palette(page, palette)
    report = axe_violations(page)
    context.close()
    assert not report, f"{path or 'home'}, {palette}:\n{report}"


def test_the_wcag_formula_agrees_with_coloraide_on_hex_colours() -> None:
    """darksite computes hex contrast itself (no coloraide import on every build)."""
    from coloraide import Color

    shades = [f"#{r:x}{g:x}{b:x}" for r in range(0, 16, 3) for g in range(0, 16, 5)
              for b in range(0, 16, 4)] + ["#0b4f6c", "#ffcc00", "#3b3b3b", "#1e2129"]
    for foreground in shades:
        for background in ("#ffffff", "#1e2129", "#0b4f6c", foreground):
            expected = Color(foreground).contrast(background, method="wcag21")
            assert abs(contrast(foreground, background) - expected) < 1e-9, (
                foreground, background)


def test_the_brand_css_is_kept_between_runs_in_the_project_cache(tmp_path, monkeypatch) -> None:
    """A publish of one update must not pay for coloraide and the slate shades again."""
    from darksite import identity
    from darksite.settings import Organisation, Settings

    settings = Settings(root=tmp_path, incidents_dir=tmp_path / "incidents",
                        docs_dir=tmp_path / "docs", site_dir=tmp_path / "site",
                        organisation=Organisation(primary_colour="#0B4F6C"))
    monkeypatch.setattr(identity, "_known_css", {})
    css = identity.identity_css(settings)
    assert "--md-primary-fg-color:#0b4f6c" in css
    assert (tmp_path / ".darksite-cache" / identity.CSS_CACHE).is_file()

    def not_again(*args: object) -> str:
        raise AssertionError("computed again")

    monkeypatch.setattr(identity, "_known_css", {})  # a new process
    monkeypatch.setattr(identity, "_css", not_again)
    assert identity.identity_css(settings) == css
    sombre = Settings(root=tmp_path, incidents_dir=tmp_path / "incidents",
                      docs_dir=tmp_path / "docs", site_dir=tmp_path / "site",
                      organisation=Organisation(primary_colour="#0b4f6c"), tone="sombre")
    with pytest.raises(AssertionError, match="computed again"):
        identity.identity_css(sombre)  # another key: computed
    monkeypatch.setattr(identity, "_known_css", {})
    monkeypatch.setattr(identity, "_css_cache_stamp", lambda: ("identity-css", "changed", "x"))
    with pytest.raises(AssertionError, match="computed again"):
        identity.identity_css(settings)  # darksite or coloraide changed: the cache is not used
