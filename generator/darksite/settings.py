"""Site-wide settings, as a plain frozen value with no MkDocs import.

The plugin (and the CLI through it) reads ``mkdocs.yml`` and turns the
``darksite`` plugin options into :class:`Settings`; every layer below the
plugin takes this value instead of reaching into MkDocs' config.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

from darksite.diagnostics import display_path

REHEARSAL_ENV = "DARKSITE_REHEARSAL"
PUBLIC_SITE_URL_ENV = "DARKSITE_PUBLIC_SITE_URL"
"""Set by ``rehearse``: the real ``site_url``, which MkDocs' server replaces with its own
``http://127.0.0.1:...`` before the plugin runs. The checks shown on the rehearsal pages
judge links against this one, so the site's own URL is never reported as unknown.
"""
"""Set to ``1`` to make any build a rehearsal (drafts, banner, noindex); used by ``rehearse``."""


class RehearsalOption(Protocol):
    """The ``rehearsal`` option of the plugin's config (kept here so ``ops`` needs no MkDocs)."""

    @property
    def rehearsal(self) -> bool: ...


def rehearsal_requested(options: RehearsalOption) -> bool:
    """Rehearsal when the option or the environment asks for it (never by default)."""
    return bool(options.rehearsal) or os.environ.get(REHEARSAL_ENV, "") == "1"


@dataclass(frozen=True, kw_only=True)
class Organisation:
    """Who speaks: used by the press release, the memo and the structured data."""

    name: str = "Example Organisation"
    boilerplate: str = ""
    media_email: str | None = None
    media_phone: str | None = None
    dateline_city: str | None = None
    logo: str | None = None
    favicon: str | None = None
    primary_colour: str | None = None
    accent_colour: str | None = None


@dataclass(frozen=True, kw_only=True)
class CheckSettings:
    """Tuning of the message-quality checks (``docs/checks.md``)."""

    disabled: frozenset[str] = frozenset()
    going_dark_hours: float = 4.0
    max_grade: float = 12.0
    review_after_days: float = 14.0
    jurisdictions: tuple[str, ...] = ("gdpr", "us-ca")
    """The breach-notice laws a ``category: data-breach`` incident is checked against, as
    written in ``mkdocs.yml`` (unknown names are reported by ``darksite check``)."""


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Everything below the plugin needs to know about the site."""

    root: Path
    incidents_dir: Path
    docs_dir: Path
    site_dir: Path
    site_name: str = "Incident updates"
    site_url: str | None = None
    lang: str = "en"
    rehearsal: bool = False
    allow_html: bool = False
    social_image: str | None = None
    time_zone: str | None = None
    subscribe_url: str | None = None
    """The organisation's own sign-up page for updates (``notify.subscribe_url``), if any."""
    subscribe_text: str | None = None
    """The site's one clock, an IANA name (``Europe/London``); None keeps each file's offsets."""
    organisation: Organisation = field(default_factory=Organisation)
    languages: tuple[str, ...] = ()
    """The other declared languages, beside ``lang`` (darksite.i18n, docs/languages.md)."""
    translation_policy: str = "pending"
    """``strict`` or ``pending``: what a missing translation does (docs/languages.md)."""
    tone: str = "standard"
    """``sombre`` for a crisis with loss of life: greyscale, no promotional links or imagery."""
    checks: CheckSettings = field(default_factory=CheckSettings)

    @property
    def zone(self) -> ZoneInfo | None:
        """:attr:`time_zone` as a zone (validated when ``mkdocs.yml`` is read)."""
        return _zone(self.time_zone) if self.time_zone else None

    @property
    def cache_dir(self) -> Path:
        """Where darksite keeps what it can recompute (parsed incidents); safe to delete."""
        return self.root / ".darksite-cache"

    def relative(self, path: Path) -> str:
        """``path`` as diagnostics show it: relative to the project root when inside it."""
        return display_path(path, self.root)

    def incident_url(self, incident_id: str) -> str:
        """The public URL of an incident page: absolute when ``site_url`` is set."""
        base = (self.site_url or "/").rstrip("/") + "/"
        return f"{base}{incident_id}/"


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)
