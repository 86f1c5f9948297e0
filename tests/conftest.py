"""Shared fixtures: real darksite projects in temporary folders, and real builds of them.

- :func:`make_project` writes a minimal but real project (``mkdocs.yml``,
  the repository's ``themes/``, a ``site_src/`` with a holding page, and the
  given incident files) and returns its root.
- :func:`build_project` runs MkDocs' own build on it, as ``mkdocs build``
  does, and returns the site folder.
- :func:`incident_yaml` writes a complete, valid incident file (every
  section filled) whose texts carry a marker string, for leak and order tests.
- :func:`build_new_project` is :func:`make_project` then :func:`build_project`,
  for a module's own site.
- ``sample_site`` (session scope) is the shipped sample project built once.
- ``browser`` (module scope) is Debian's headless Chromium
  (``tests/browser_support.py``); ``sites``, ``public_url`` and
  ``rehearsal_url`` are the shipped sample as the quality gates see it: built
  public and as a rehearsal by ``darksite build`` (``tests/quality_support.py``)
  and served on localhost.

Other test files add their own fixtures in their own modules; the helpers are
plain functions so that module- and session-scoped fixtures can call them.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import textwrap
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from mkdocs.config.defaults import MkDocsConfig

from tests.browser_support import launch_chromium, serve
from tests.quality_support import SampleSites, sample_sites

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

TEST_NOW = "2026-11-26T09:00:00+00:00"
"""The one clock of the whole suite (:mod:`darksite.clock`): no test reads the wall clock.

A moment inside the fixtures' own story (the sample incidents started on 24
and 25 November 2026), so "overdue" and "going dark" mean the same on any day
the suite runs. Set in the environment, so that every darksite process a test
starts sees it too; a test that needs another moment sets ``DARKSITE_NOW``
itself (``monkeypatch.setenv``).
"""
os.environ["DARKSITE_NOW"] = TEST_NOW
os.environ["SOURCE_DATE_EPOCH"] = "1795683600"  # TEST_NOW: MkDocs' build date follows it


@pytest.fixture
def wall_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real, running clock, for tests about order and concurrency only.

    Several updates posted one after another (or by two processes at once)
    need a clock that moves; these tests assert order and count, never a
    date, so they hold on any day.
    """
    monkeypatch.delenv("DARKSITE_NOW")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")

REPO = Path(__file__).resolve().parent.parent
"""The repository root: its mkdocs.yml, themes/, site_src/ and incidents/ are the shipped sample."""

DARKSITE = shutil.which("darksite") or str(Path(sys.executable).parent / "darksite")
"""The installed ``darksite`` command, for tests that run it as a user does."""

# A 1x1 transparent PNG: a real image, so that a browser loads it without an error.
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000b49444154789c6360000200000500017a5eab3f0000000049454e44ae426082"
)

MEDIA_FILES = {
    "media/statement.mp4": b"",
    "media/statement.vtt": b"WEBVTT\n\n00:00.000 --> 00:02.000\nWe will keep you informed.\n",
    "media/poster.png": TINY_PNG,
    "media/photo.png": TINY_PNG,
}
"""The media :func:`incident_yaml` points at; spokesperson paths must exist under site_src/."""

HOLDING_MARKER = "HOLDING-CONTENT-MARKER"
"""Text of the test projects' site_src/index.md, shown only when nothing is active."""


def project_config(*, plugin_options: Mapping[str, Any] | None = None, extra: str = "") -> str:
    """A minimal mkdocs.yml like the shipped one: material + themes/, only the darksite plugin."""
    options = {"incidents_dir": "incidents", "organisation": {"name": "Testwind Utilities"}}
    options.update(plugin_options or {})
    return textwrap.dedent(
        f"""\
        site_name: Testwind status
        site_url: https://status.example.com/
        docs_dir: site_src
        theme:
          name: material
          custom_dir: themes
          language: en
          font: false
          palette:
            - media: "(prefers-color-scheme: light)"
              scheme: default
              toggle: {{icon: material/brightness-7, name: Switch to dark mode}}
            - media: "(prefers-color-scheme: dark)"
              scheme: slate
              toggle: {{icon: material/brightness-4, name: Switch to light mode}}
        extra:
          generator: false
        plugins:
          - darksite: {json.dumps(options)}
        markdown_extensions:
          - tables
          - attr_list
          - admonition
          - toc
        """
    ) + extra


def make_project(
    tmp_path: Path,
    incidents: Mapping[str, str],
    *,
    pages: Mapping[str, str] | None = None,
    plugin_options: Mapping[str, Any] | None = None,
    extra_config: str = "",
    copy_themes: bool = False,
) -> Path:
    """Write a real project under ``tmp_path`` and return its root.

    ``incidents`` maps file names (``x.yaml``) to their text; ``pages`` maps
    paths under ``site_src/`` to Markdown (a holding ``index.md`` is written
    unless given). ``themes/`` is a symlink to the repository's (a copy
    with ``copy_themes``, for tests that edit it).
    """
    root = tmp_path
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(
        project_config(plugin_options=plugin_options, extra=extra_config), encoding="utf-8"
    )
    if copy_themes:
        shutil.copytree(REPO / "themes", root / "themes")
    else:
        (root / "themes").symlink_to(REPO / "themes", target_is_directory=True)
    docs = root / "site_src"
    docs.mkdir()
    all_pages = {
        "index.md": f"---\ntemplate: home.html\n---\n\n# No current incidents\n\n"
                    f"{HOLDING_MARKER}: nothing is affecting you right now.\n",
        **(pages or {}),
    }
    for name, text in all_pages.items():
        target = docs / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for name, data in MEDIA_FILES.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_bytes(data)
    incidents_dir = root / "incidents"
    incidents_dir.mkdir()
    for name, text in incidents.items():
        (incidents_dir / name).write_bytes(text.encode("utf-8"))
    return root


def build_config(
    root: Path, *, site_dir: Path | None = None, rehearsal: bool = False,
    config_file: Path | None = None,
) -> MkDocsConfig:
    """Build ``root``'s mkdocs.yml with MkDocs itself (what ``mkdocs build`` runs).

    Returns the config, whose ``plugins["darksite"]`` holds the report of the build.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    target = site_dir or root / "site"
    config = load_config(
        config_file=str(config_file or root / "mkdocs.yml"), site_dir=str(target)
    )
    if rehearsal:
        config.plugins["darksite"].config.rehearsal = True
    build(config)
    return config


def build_project(
    root: Path, *, site_dir: Path | None = None, rehearsal: bool = False,
    config_file: Path | None = None,
) -> Path:
    """Build ``root`` as ``mkdocs build`` does; returns the site folder."""
    config = build_config(root, site_dir=site_dir, rehearsal=rehearsal, config_file=config_file)
    return Path(config.site_dir)


def build_new_project(root: Path, incidents: Mapping[str, str], **options: Any) -> Path:
    """:func:`make_project` at ``root``, built as ``mkdocs build`` does; returns the site folder."""
    return build_project(make_project(root, incidents, **options))


def incident_yaml(
    incident_id: str,
    *,
    status: str = "active",
    severity: str = "major",
    marker: str = "MARK",
    started_at: str = "2026-11-20T08:00:00+01:00",
    resolved_at: str | None = None,
    last_update_at: str = "2026-11-21T09:30:00+01:00",
    extra: str = "",
) -> str:
    """A complete, valid incident file: every section filled, each text tagged with ``marker``.

    Public texts carry ``{marker}-<SECTION>``; ``internal`` carries
    ``{marker}-INTERNAL``, which must never reach the site.
    """
    resolved = f"resolved_at: {resolved_at}\n" if resolved_at else ""
    return textwrap.dedent(
        f"""\
        id: {incident_id}
        title: "{marker}-TITLE water supply interrupted in Eastfield"
        status: {status}
        severity: {severity}
        started_at: {started_at}
        """
    ) + resolved + textwrap.dedent(
        f"""\
        summary: >-
          {marker}-SUMMARY A burst main cut the water supply to 2,300 homes in
          Eastfield. Bottled water is available at the community centre.
        affected:
          - "{marker}-AFFECTED homes in Eastfield"
        advice:
          - "{marker}-ADVICE Collect bottled water at the community centre on Mill Road."
          - Do not drink tap water until we say it is safe.
        statement: |
          {marker}-STATEMENT A water main burst under Mill Road at 07:40.

          ### What we know

          - 2,300 homes have no water.
        apology:
          text: |
            {marker}-APOLOGY We are sorry that you have been without water.
          by: {{name: Sam Carter, role: Director of Water Services}}
        actions:
          - step: "{marker}-ACTION-DONE We opened a bottled water station."
            owner: Field Operations
            status: done
            done_at: 2026-11-20T10:00:00+01:00
          - step: "{marker}-ACTION-DUE We are repairing the main."
            owner: Network Repairs
            status: in-progress
            due: 2026-11-26
        updates:
          - at: 2026-11-20T09:00:00+01:00
            phase: investigating
            text: "{marker}-UPDATE-OLD We are on site."
          - at: {last_update_at}
            phase: identified
            text: "{marker}-UPDATE-NEW The burst is under Mill Road."
        next_update: 2026-11-27T18:00:00+01:00
        contacts:
          - label: "{marker}-CONTACT-PHONE Water helpline"
            kind: phone
            value: "+44 161 496 0200"
            hours: 24/7
            audience: customers
          - {{label: Email us, kind: email, value: water@example.com}}
          - {{label: Report a leak online, kind: web, value: "https://example.com/leaks"}}
          - label: "{marker}-CONTACT-PRIVATE Private callback"
            kind: sms
            value: "+44 7700 900200"
            private: true
        faq:
          - q: "{marker}-FAQ-Q Is my water safe to drink when it comes back?"
            a: "{marker}-FAQ-A Yes. Run the cold tap for two minutes first."
        spokesperson:
          name: Sam Carter
          role: Director of Water Services
          quote: "{marker}-QUOTE We will keep you informed."
          photo: media/photo.png
          video:
            src: media/statement.mp4
            captions: media/statement.vtt
            poster: media/poster.png
            transcript: "{marker}-TRANSCRIPT We will keep you informed."
        internal:
          notes: "{marker}-INTERNAL do not publish"
        """
    ) + extra


def live_water_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One active incident (its text marked WATERLIVE) in a project that is the working
    folder, outside any rehearsal: what the publish-target tests publish."""
    root = make_project(tmp_path / "project", {
        "water-2026.yaml": incident_yaml("water-2026", marker="WATERLIVE")})
    monkeypatch.chdir(root)
    monkeypatch.delenv("DARKSITE_REHEARSAL", raising=False)
    return root


def ready_to_resolve(text: str) -> str:
    """An :func:`incident_yaml` text worded so that ``darksite resolve`` accepts it.

    Resolving refuses while the page would still say the incident goes on
    (docs/operations.md): here the open action is done, the quote no longer
    promises updates, and a ``resolution:`` block says how it ended.
    """
    text = text.replace("    status: in-progress\n    due: 2026-11-26\n",
                        "    status: done\n    done_at: 2026-11-21\n")
    text = text.replace("QUOTE We will keep you informed.", "QUOTE We are putting this right.")
    return text + "resolution:\n  ended: The main was repaired and every home has water.\n"


Build = Callable[..., Path]


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., Path]:
    """``project(incidents, **options)``: :func:`make_project` in this test's ``tmp_path``."""

    def _make(incidents: Mapping[str, str], **options: Any) -> Path:
        return make_project(tmp_path / "project", incidents, **options)

    return _make


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped sample project (repository mkdocs.yml, site_src/, incidents/), built once."""
    site = tmp_path_factory.mktemp("sample") / "site"
    return build_project(REPO, site_dir=site)


def site_files(site: Path) -> list[Path]:
    """Every file under ``site``."""
    return sorted(p for p in site.rglob("*") if p.is_file())


# -- the browser and the quality gates' sample ------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's headless Chromium through Playwright, one per test module; skips without it."""
    with launch_chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def sites() -> SampleSites:
    """The shipped sample built public and as a rehearsal (once per test session)."""
    return sample_sites()


@pytest.fixture(scope="module")
def public_url(sites: SampleSites) -> Iterator[str]:
    """The sample's public build served on localhost; the base URL ends in ``/``."""
    with serve(sites.public) as url:
        yield url


@pytest.fixture(scope="module")
def rehearsal_url(sites: SampleSites) -> Iterator[str]:
    """The sample's rehearsal build served on localhost; the base URL ends in ``/``."""
    with serve(sites.rehearsal) as url:
        yield url
