"""The Markdown sources of the pages darksite adds to the site.

Each generated page is front matter only: the template (``incident.html``,
``archive.html``) draws the page from the view models, so that every
section is a Jinja partial under ``themes/partials/incident/`` rather than
Markdown assembled by string concatenation. The front matter carries what
MkDocs and mkdocs-material read before the template runs: the title (for
``<title>`` and the header), the description and the hidden sidebars.

mkdocs-material prints ``page.meta.title`` and ``page.meta.description``
without escaping, so both are HTML-escaped here.
"""

from __future__ import annotations

import html
import json
from typing import Any

from darksite import site_names
from darksite.diagnostics import Diagnostic, Severity
from darksite.model import Incident

INCIDENT_TEMPLATE = "incident.html"
ARCHIVE_TEMPLATE = "archive.html"
HOME_TEMPLATE = "home.html"

ARCHIVE_SRC_URI = "archive/index.md"
ARCHIVE_TITLE = "Resolved incidents"
ARCHIVE_PAGE_SIZE = 100
"""Resolved incidents per archive page: page 1 stays ``/archive/``, then ``/archive/page/N/``."""

RESERVED_IDS = site_names.RESERVED_IDS


def id_clash(incident: Incident, replaces: str | None) -> Diagnostic | None:
    """The error for an incident whose page the site cannot have, located at its ``id``.

    ``replaces`` names the hand-written page its page would replace, if any.
    ``check`` refuses both cases first (the loader); the plugin and the
    generated tree ask again here against the files the build really has,
    because a silently replaced page is worse than a failed build.
    """
    if incident.id in RESERVED_IDS:
        message, code = f"the id '{incident.id}' is used by the site itself", "reserved-id"
    elif replaces is not None:
        message = f"the page of incident '{incident.id}' would replace {replaces}"
        code = "page-clash"
    else:
        return None
    where = incident.location("id")
    return Diagnostic(
        file=incident.source, line=where.line, column=where.column, severity=Severity.ERROR,
        code=code, path="id", message=message,
        hint="choose another id, and rename the file to match")
"""Names the site itself uses (:mod:`darksite.site_names`): an incident id would clash."""

HIDDEN_SIDEBARS = ("navigation", "toc")


def incident_src_uri(incident_id: str) -> str:
    """``<id>/index.md``, so that the page is served at ``/<id>/``."""
    return f"{incident_id}/index.md"


def front_matter(meta: dict[str, Any]) -> str:
    """A Markdown source holding only YAML front matter.

    Written as JSON, which is valid YAML: ``json.dumps`` is about fifty times
    faster than ``yaml.safe_dump``, and a 1,000-incident build makes a
    thousand of these.
    """
    return f"---\n{json.dumps(meta, ensure_ascii=False)}\n---\n"


def incident_page_markdown(incident: Incident) -> str:
    """The generated source of an incident page (its content comes from the template)."""
    return front_matter({
        "template": INCIDENT_TEMPLATE,
        "title": html.escape(incident.title, quote=True),
        "description": html.escape(incident.summary, quote=True),
        "hide": list(HIDDEN_SIDEBARS),
    })


def archive_page_markdown(number: int = 1) -> str:
    """The generated source of page ``number`` of the archive (the template slices the list)."""
    meta: dict[str, Any] = {
        "template": ARCHIVE_TEMPLATE,
        "title": ARCHIVE_TITLE if number == 1 else f"{ARCHIVE_TITLE}, page {number}",
        "hide": ["toc"],
        "darksite_archive_page": number,
        "darksite_archive_page_size": ARCHIVE_PAGE_SIZE,
    }
    return front_matter(meta)


def archive_src_uri(number: int) -> str:
    """``archive/index.md`` for page 1, ``archive/page/N/index.md`` after it."""
    return ARCHIVE_SRC_URI if number == 1 else f"archive/page/{number}/index.md"


def archive_page_count(resolved: int) -> int:
    """Pages of the archive for ``resolved`` incidents (at least one)."""
    return max(1, -(-resolved // ARCHIVE_PAGE_SIZE))


DEFAULT_HOME_TEXT = (
    "There are no current incidents. If something affects you, this page is where we will "
    "tell you what happened, what we are doing about it and how to reach us."
)


def default_home_markdown() -> str:
    """A holding home page for a project whose docs folder has no ``index.md``."""
    heading = "# No current incidents"
    return front_matter({"template": HOME_TEMPLATE}) + f"\n{heading}\n\n{DEFAULT_HOME_TEXT}\n"
