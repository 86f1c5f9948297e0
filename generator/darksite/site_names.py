"""Names an incident id must not take: the site's own files and folders, and the docs folder's.

An incident owns ``/<id>/`` (and ``/lite/<id>/``). An id that is also the name
of something else on the site either replaces it, or, for a draft, trips the
publish leak check, which treats every path named like a draft's id as that
draft's page (:mod:`darksite.ops.verify`). So ``check`` refuses both kinds,
located at ``id``, before a build or a publish could:

- ``reserved-id``: a name the site itself writes, at any depth (derived from
  what a build writes: ``tests/adversarial/test_input_ids.py`` builds a site
  and compares), and the names Windows cannot give a file or folder;
- ``page-clash``: the name of a file (without its extension) or folder in the
  docs folder, such as ``about`` for ``about.md``.
"""

from __future__ import annotations

import os
from pathlib import Path

SITE_NAMES = frozenset({
    # pages and folders of the site
    "index", "404", "archive", "lite", "embed", "press-release", "channel-texts", "search",
    # files at the top of the site: feed.xml, status.json, sitemap.xml, robots.txt, ...
    "feed", "status", "sitemap", "robots", "nginx-darksite",
    # embed/banner.js, embed/snippet.html
    "banner", "snippet",
    # the theme's assets (mkdocs-material's and themes/assets/)
    "assets", "images", "javascripts", "stylesheets", "favicon", "darksite", "lunr",
    "workers",
    # the Statuspage API (api/v2/summary.json, incidents/unresolved.json, ...)
    "api", "v2", "summary", "incidents", "unresolved", "components", "scheduled-maintenances",
    # the sharing cards (assets/darksite/card-<kind>.png)
    "card-none", "card-minor", "card-major", "card-critical", "card-resolved",
})
"""Every slug-shaped name (file stem or folder) a build writes besides incident pages."""

WINDOWS_DEVICE_NAMES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{kind}{n}" for kind in ("com", "lpt") for n in range(10)}
)
"""Names Windows refuses for a file or folder (``con.yaml``, ``/con/``), whatever the case."""

RESERVED_IDS = SITE_NAMES | WINDOWS_DEVICE_NAMES


def reserved_reason(incident_id: str) -> str | None:
    """Why ``incident_id`` cannot be used whatever the project, or ``None``."""
    if incident_id in WINDOWS_DEVICE_NAMES:
        return (f"the id '{incident_id}' is a device name on Windows: its file and page "
                "folder cannot be created there")
    if incident_id in SITE_NAMES:
        return f"the id '{incident_id}' is used by the site itself"
    return None


def docs_names(docs_dir: Path | None, skip: Path | None = None) -> dict[str, str]:
    """Each file stem and folder name in ``docs_dir`` -> its path relative to the folder.

    Hidden entries are skipped, as MkDocs skips them; so is ``skip`` (the
    incidents folder, when it sits inside the docs folder: its files are
    never part of the site).
    """
    found: dict[str, str] = {}
    if docs_dir is None or not docs_dir.is_dir():
        return found
    skipped = skip.resolve() if skip is not None else None
    for folder, subfolders, files in os.walk(docs_dir, followlinks=False):
        here = Path(folder)
        subfolders[:] = sorted(
            name for name in subfolders if not name.startswith(".")
            and (skipped is None or (here / name).resolve() != skipped))
        for name in sorted(subfolders):
            found.setdefault(name, (here / name).relative_to(docs_dir).as_posix())
        for name in sorted(files):
            if not name.startswith("."):
                found.setdefault(Path(name).stem, (here / name).relative_to(docs_dir).as_posix())
    return found
