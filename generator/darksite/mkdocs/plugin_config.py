"""The ``darksite`` plugin options in ``mkdocs.yml``, and their translation to :class:`Settings`.

Kept apart from :mod:`darksite.mkdocs.plugin` so that the CLI can read the options
without importing the event wiring. MkDocs' config options give the short,
exact messages users expect ("Expected type: <class 'bool'> but received: ...").
"""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig

from darksite.mkdocs.notify_config import NotifyConfig
from darksite.settings import (
    REHEARSAL_ENV,
    CheckSettings,
    Organisation,
    Settings,
    rehearsal_requested,
)

__all__ = ["REHEARSAL_ENV", "DarksitePluginConfig", "rehearsal_requested", "to_settings"]


class TimeZoneName(c.Type):
    """An IANA time zone name, checked against the zone database when mkdocs.yml is read."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        name = super().run_validation(value)
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise base.ValidationError(
                f"Expected an IANA time zone name such as Europe/London or America/New_York, "
                f"but received: {name!r}") from None
        return str(name)


class OrganisationConfig(base.Config):
    name = c.Type(str, default="Example Organisation")
    """The organisation's name as readers know it: in the press release, the footer and channel
    texts.
    """
    boilerplate = c.Type(str, default="")
    """The "About us" paragraph under the press release (notes to editors)."""
    media_email = c.Optional(c.Type(str))
    """The press office's email address, shown on the press release as the media contact."""
    media_phone = c.Optional(c.Type(str))
    """The press office's phone number, shown on the press release as the media contact."""
    dateline_city = c.Optional(c.Type(str))
    """The city of the press release's dateline, e.g. London."""
    logo = c.Optional(c.Type(str))
    """The organisation's logo in the header: a path in `docs_dir` (SVG or PNG), shown with the
    organisation's name as its text alternative. Replaces the theme's `logo`.
    """
    favicon = c.Optional(c.Type(str))
    """The browser tab icon: a path in `docs_dir`. Replaces the theme's `favicon`."""
    primary_colour = c.Optional(c.Type(str))
    """The brand colour of the header and links, as hex (`'#0b4f6c'`, quoted). The build refuses
    one with less than WCAG AA contrast (4.5:1) for white text on it or as links on white, and
    names both colours and the ratio.
    """
    accent_colour = c.Optional(c.Type(str))
    """The colour of hovered links, as hex; checked like `primary_colour`. Defaults to it."""


class ChecksConfig(base.Config):
    disable = c.ListOfItems(c.Type(str), default=[])
    """Message-check codes turned off for the whole site (docs/checks.md lists them); per field,
    use `suppress:` in the incident file, with a reason.
    """
    going_dark_hours = c.Type((int, float), default=4)
    """Hours without an update after which an active incident is reported as going dark."""
    max_grade = c.Type((int, float), default=12)
    """The highest reading grade a public text may have before the readability check warns."""
    review_after_days = c.Type((int, float), default=14)
    """Days after `resolved_at` that a resolved critical incident may go without a post-incident
    `review:` before the review check reminds.
    """
    jurisdictions = c.ListOfItems(c.Type(str), default=["gdpr", "us-ca"])
    """The breach-notice laws a `category: data-breach` incident is checked against: `gdpr`
    (GDPR Art. 34) and `us-ca` (California Civil Code 1798.82). `[]` runs none; `check`
    reports any other name at its line.
    """


class LanguageTag(c.Type):
    """A BCP 47 tag that Babel's CLDR data covers (so its dates and numbers can be formatted)."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        from darksite.i18n.languages import LanguageError, locale_of

        tag = str(super().run_validation(value))
        try:
            locale_of(tag)
        except LanguageError as error:
            raise base.ValidationError(str(error)) from None
        return tag


class LanguagesConfig(base.Config):
    default = c.Optional(LanguageTag())
    """The language the incident files are written in (BCP 47, e.g. `en-GB`); unset, the
    theme's `language`. Its pages stay at `/<id>/`.
    """
    others = c.ListOfItems(LanguageTag(), default=[])
    """The other languages every public text is translated into (e.g. `[cy, ar]`), from
    `incidents/<id>.<lang>.yaml` sidecars; their pages are at `/<lang>/<id>/` (docs/languages.md).
    """


class DarksitePluginConfig(base.Config):
    incidents_dir = c.Type(str, default="incidents")
    """The folder of incident files, relative to mkdocs.yml. Keep it outside `docs_dir`."""
    rehearsal = c.Type(bool, default=False)
    """Build a rehearsal (drafts, a REHEARSAL banner, noindex). `publish` refuses it; prefer
    `darksite rehearse`.
    """
    allow_html = c.Type(bool, default=False)
    """Let raw HTML in incident Markdown through (escaped by default, so a pasted snippet cannot
    break or hijack the page).
    """
    social_image = c.Optional(c.Type(str))
    """The image shown when a page is shared (OpenGraph, Twitter card): a path in `docs_dir` or an
    absolute URL on the site. Without it, darksite draws its own card per severity
    (docs/outputs.md); `darksite check` reports a path that names no file.
    """
    time_zone = c.Optional(TimeZoneName())
    """The site's one clock, an IANA name such as `Europe/London`: every time on every page
    and in every channel text is shown in it, with its local abbreviation (GMT, BST), across
    daylight-saving changes. Unset, each time keeps the offset its file was written in.
    """
    organisation = c.SubConfig(OrganisationConfig)
    """Who speaks: the organisation behind the site, its name, logo and colours."""
    tone = c.Choice(("standard", "sombre"), default="standard")
    """`sombre` for a crisis with loss of life, as airline and government dark sites do: every
    colour and image in greyscale, no social or promotional links.
    """
    checks = c.SubConfig(ChecksConfig)
    """The message checks' site-wide settings."""
    notify = c.SubConfig(NotifyConfig)
    """Who hears about each publish, and how: audiences, senders, lead time (docs/notify.md)."""
    languages = c.SubConfig(LanguagesConfig)
    """The site's languages: the default and the others translated by sidecar files."""
    translation_policy = c.Choice(("strict", "pending"), default="pending")
    """What a missing or stale translation does: `strict` holds that incident's publish,
    `pending` publishes the source text with a "translation to follow" note.
    """


def to_settings(plugin_config: DarksitePluginConfig, config: MkDocsConfig) -> Settings:
    """The renderer-free :class:`Settings` for this MkDocs config."""
    root = Path(config.config_file_path or ".").resolve().parent
    org = plugin_config.organisation
    checks = plugin_config.checks
    lang = plugin_config.languages.default or config.theme.get("language") or "en"
    return Settings(
        root=root,
        incidents_dir=(root / plugin_config.incidents_dir).resolve(),
        docs_dir=Path(config.docs_dir).resolve(),
        site_dir=Path(config.site_dir).resolve(),
        site_name=config.site_name,
        site_url=config.site_url or None,
        lang=str(lang),
        rehearsal=rehearsal_requested(plugin_config),
        allow_html=bool(plugin_config.allow_html),
        social_image=plugin_config.social_image,
        time_zone=plugin_config.time_zone,
        subscribe_url=plugin_config.notify.subscribe_url,
        subscribe_text=plugin_config.notify.subscribe_text,
        organisation=Organisation(
            name=org.name,
            boilerplate=org.boilerplate,
            media_email=org.media_email,
            media_phone=org.media_phone,
            dateline_city=org.dateline_city,
            logo=org.logo,
            favicon=org.favicon,
            primary_colour=org.primary_colour,
            accent_colour=org.accent_colour,
        ),
        languages=tuple(plugin_config.languages.others),  # darksite.i18n
        translation_policy=str(plugin_config.translation_policy),
        tone=plugin_config.tone,
        checks=CheckSettings(
            disabled=frozenset(checks.disable),
            going_dark_hours=float(checks.going_dark_hours),
            max_grade=float(checks.max_grade),
            review_after_days=float(checks.review_after_days),
            jurisdictions=tuple(checks.jurisdictions),
        ),
    )
