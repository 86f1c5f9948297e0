"""Rendering: Markdown fields, ``<time>`` elements, view models and generated page sources.

Nothing here imports MkDocs: the plugin hands in the site's Markdown
extensions and the incidents, and gets back safe HTML fragments and plain
values for the templates in ``themes/``.
"""

from darksite.render.markdown import MarkdownRenderer
from darksite.render.pages import (
    ARCHIVE_SRC_URI,
    incident_page_markdown,
    incident_src_uri,
)
from darksite.render.times import time_element
from darksite.render.views import (
    IncidentCard,
    IncidentView,
    SiteView,
    incident_card,
    incident_view,
    published,
    site_view,
)

__all__ = [
    "ARCHIVE_SRC_URI",
    "IncidentCard",
    "IncidentView",
    "MarkdownRenderer",
    "SiteView",
    "incident_card",
    "incident_page_markdown",
    "incident_src_uri",
    "incident_view",
    "published",
    "site_view",
    "time_element",
]
