"""Temporary projects for the benchmarks: a darksite project and its bare twin.

The **darksite project** is the shipped sample's configuration (the
repository's ``mkdocs.yml``, ``themes/`` and ``site_src/``) with the
generated incidents in ``incidents/``: the build we ship, at size N.

The **bare project** is the baseline the build is compared with: the same
pages written as ordinary Markdown and built by plain mkdocs-material. Its
``mkdocs.yml`` inherits the darksite project's (MkDocs' ``INHERIT``), so the
theme, palette, ``font: false``, ``markdown_extensions`` and site settings
are the same by construction, and then removes everything darksite adds:

- ``plugins: []``: no darksite plugin, and no search plugin either (darksite
  drops search, so a baseline with search would pay for an index darksite
  never builds);
- ``theme.custom_dir`` points at an empty folder: mkdocs-material's own
  templates, none of ``themes/``;
- ``extra_css``, ``extra_javascript`` and ``hooks`` emptied;
- the incident pages are ``not_in_nav``, as darksite's are (a nav listing
  every incident makes any mkdocs-material build quadratic).

Its pages: each public incident at ``<id>/index.md`` (same URL as darksite's),
an archive listing the resolved incidents, a home page listing the active
ones above the holding text, and the other evergreen pages of ``site_src/``
with their front matter removed (it names darksite's templates).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from pathlib import Path

from bench.generate import SyntheticIncident, markdown_page

REPO = Path(__file__).resolve().parent.parent
"""The repository: its mkdocs.yml, themes/ and site_src/ are the configuration under test."""

BARE_CONFIG = """\
# The bare mkdocs-material baseline: the darksite project's settings, none of darksite.
INHERIT: ../darksite/mkdocs.yml
docs_dir: docs
site_dir: site
plugins: []
hooks: []
theme:
  custom_dir: no_overrides
extra_css: []
extra_javascript: []
# Incident pages stay out of the nav, as darksite's do (every public id starts with its year).
not_in_nav: |
  /20*/
"""

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


LANGUAGES_BLOCK = re.compile(r"\n(?: *#[^\n]*\n)*( +)languages:\n(?:\1 [^\n]*\n)+"
                             r"(?:\1translation_policy:[^\n]*\n)?")
"""The sample's ``languages:`` option (and its comment): left out unless asked for, so the
build figures stay those of one language (bench/languages.py measures the languages)."""


def write_darksite_project(root: Path, incidents: Sequence[SyntheticIncident], *,
                           languages: bool = False) -> Path:
    """The repository's configuration with ``incidents`` as its incident files."""
    root.mkdir(parents=True, exist_ok=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if not languages:
        config = LANGUAGES_BLOCK.sub("\n", config, count=1)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    for folder in ("themes", "site_src"):
        shutil.copytree(REPO / folder, root / folder, dirs_exist_ok=True)
    incidents_dir = root / "incidents"
    incidents_dir.mkdir(exist_ok=True)
    for incident in incidents:
        (incidents_dir / f"{incident.id}.yaml").write_text(incident.yaml_text, encoding="utf-8")
    return root


def write_bare_project(root: Path, incidents: Sequence[SyntheticIncident],
                       darksite_root: Path) -> Path:
    """The same pages as plain Markdown for plain mkdocs-material; ``root`` sits beside it.

    ``darksite_root`` must be ``root.parent / "darksite"`` (the ``INHERIT`` path).
    """
    if darksite_root.resolve() != (root.parent / "darksite").resolve():
        raise ValueError("the bare project must sit beside the darksite project")
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(BARE_CONFIG, encoding="utf-8")
    (root / "no_overrides").mkdir(exist_ok=True)
    docs = root / "docs"
    shutil.copytree(darksite_root / "site_src", docs, dirs_exist_ok=True)
    for page in docs.rglob("*.md"):
        page.write_text(FRONT_MATTER.sub("", page.read_text(encoding="utf-8")), encoding="utf-8")
    public = [i for i in incidents if i.is_public]
    for incident in public:
        page = docs / incident.id / "index.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(markdown_page(incident.data), encoding="utf-8")
    (docs / "archive").mkdir(exist_ok=True)
    (docs / "archive" / "index.md").write_text(archive_markdown(public), encoding="utf-8")
    holding = (docs / "index.md").read_text(encoding="utf-8") if (docs / "index.md").exists() \
        else ""
    (docs / "index.md").write_text(home_markdown(public, holding), encoding="utf-8")
    return root


def home_markdown(public: Sequence[SyntheticIncident], holding: str) -> str:
    """The active incidents first (title, summary, link), then the holding text."""
    lines = []
    for incident in public:
        if incident.status == "active":
            lines += [f"## [{incident.data['title']}]({incident.id}/index.md)", "",
                      incident.data["summary"], ""]
    return "\n".join(lines) + "\n" + holding


def archive_markdown(public: Sequence[SyntheticIncident]) -> str:
    """Every resolved incident, newest first, with its summary."""
    resolved = sorted((i for i in public if i.status == "resolved"),
                      key=lambda i: i.data["started_at"], reverse=True)
    lines = ["# Archive of resolved incidents", ""]
    for incident in resolved:
        lines += [f"## [{incident.data['title']}](../{incident.id}/index.md)", "",
                  f"{incident.data['started_at']:%d %B %Y}. {incident.data['summary']}", ""]
    return "\n".join(lines)


HUGO_CONFIG = """\
# The Hugo baseline: the same words as content pages, a minimal layout, nothing else.
baseURL = "https://status.example.com/"
title = "Northwind Utilities status"
disableKinds = ["taxonomy", "term", "RSS"]
uglyURLs = false
[markup.goldmark.renderer]
  unsafe = false
"""

HUGO_BASEOF = """\
<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} - {{ .Site.Title }}</title></head>
<body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"""

HUGO_SINGLE = '{{ define "main" }}<article>{{ .Content }}</article>{{ end }}\n'
HUGO_LIST = ('{{ define "main" }}{{ .Content }}<ul>{{ range .Pages }}'
             '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n')


def write_hugo_project(root: Path, incidents: Sequence[SyntheticIncident]) -> Path:
    """The same public words as Hugo content pages (``content/<id>.md`` -> ``/<id>/``),
    an archive and a home page, with a three-template layout: Hugo at its plainest."""
    import json

    root.mkdir(parents=True, exist_ok=True)
    (root / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (layouts / "baseof.html").write_text(HUGO_BASEOF, encoding="utf-8")
    (layouts / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    content = root / "content"
    content.mkdir(exist_ok=True)
    public = [i for i in incidents if i.is_public]
    for incident in public:
        front = f"---\ntitle: {json.dumps(incident.data['title'])}\n---\n"
        (content / f"{incident.id}.md").write_text(front + markdown_page(incident.data),
                                                   encoding="utf-8")
    (content / "archive.md").write_text("---\ntitle: Archive\n---\n" + archive_markdown(public),
                                        encoding="utf-8")
    (content / "_index.md").write_text("---\ntitle: Home\n---\n" + home_markdown(public, ""),
                                       encoding="utf-8")
    return root
