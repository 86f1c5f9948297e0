"""The ``darksite`` plugin options in ``mkdocs.yml``, and their translation to :class:`Settings`.

Kept apart from :mod:`darksite.plugin` so that the CLI can read the options
without importing the event wiring. MkDocs' config options give the short,
exact messages users expect ("Expected type: <class 'bool'> but received: ...").
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig

from darksite.settings import (
    REHEARSAL_ENV,
    CheckSettings,
    Organisation,
    Settings,
    rehearsal_requested,
)

__all__ = ["REHEARSAL_ENV", "DarksitePluginConfig", "rehearsal_requested", "to_settings"]


class OrganisationConfig(base.Config):
    name = c.Type(str, default="Example Organisation")
    boilerplate = c.Type(str, default="")
    media_email = c.Optional(c.Type(str))
    media_phone = c.Optional(c.Type(str))
    dateline_city = c.Optional(c.Type(str))


class ChecksConfig(base.Config):
    disable = c.ListOfItems(c.Type(str), default=[])
    going_dark_hours = c.Type((int, float), default=4)
    max_grade = c.Type((int, float), default=12)


class DarksitePluginConfig(base.Config):
    incidents_dir = c.Type(str, default="incidents")
    rehearsal = c.Type(bool, default=False)
    allow_html = c.Type(bool, default=False)
    social_image = c.Optional(c.Type(str))
    organisation = c.SubConfig(OrganisationConfig)
    checks = c.SubConfig(ChecksConfig)


def to_settings(plugin_config: DarksitePluginConfig, config: MkDocsConfig) -> Settings:
    """The renderer-free :class:`Settings` for this MkDocs config."""
    root = Path(config.config_file_path or ".").resolve().parent
    org = plugin_config.organisation
    checks = plugin_config.checks
    lang = config.theme.get("language") or "en"
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
        organisation=Organisation(
            name=org.name,
            boilerplate=org.boilerplate,
            media_email=org.media_email,
            media_phone=org.media_phone,
            dateline_city=org.dateline_city,
        ),
        checks=CheckSettings(
            disabled=frozenset(checks.disable),
            going_dark_hours=float(checks.going_dark_hours),
            max_grade=float(checks.max_grade),
        ),
    )
