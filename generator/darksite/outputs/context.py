"""What every output needs besides the incidents: settings, the Markdown renderer, the time.

Passed as one value so that each output module has one parameter for "the
build", and so that tests can make one with a fixed ``now``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from darksite import clock
from darksite.outputs.markup import default_renderer, markdown_text
from darksite.render.markdown import MarkdownRenderer
from darksite.settings import Settings


@dataclass(frozen=True)
class OutputContext:
    """One build's settings and renderer; ``now`` stands in where a draft has no time yet."""

    settings: Settings
    renderer: MarkdownRenderer
    now: datetime = field(default_factory=lambda: clock.now())
    memo: dict[object, object] = field(default_factory=dict, compare=False, repr=False)
    """What the outputs compute once per build and share (an incident's feed entries)."""

    @classmethod
    def for_settings(
        cls, settings: Settings, renderer: MarkdownRenderer | None = None,
        now: datetime | None = None,
    ) -> OutputContext:
        return cls(settings=settings, renderer=renderer or default_renderer(settings),
                   now=now or clock.now())

    def html(self, text: str | None) -> str:
        """Incident Markdown as the site's HTML."""
        return str(self.renderer.render(text))

    def text(self, text: str | None, base: str | None = None) -> str:
        """Incident Markdown as plain text; relative links made absolute against ``base``."""
        return markdown_text(self.renderer, text, base)

    def url(self, path: str = "") -> str:
        """``path`` under the site: absolute when ``site_url`` is set, else root-relative."""
        base = (self.settings.site_url or "/").rstrip("/") + "/"
        return base + path

    def incident_url(self, incident_id: str) -> str:
        return self.settings.incident_url(incident_id)
