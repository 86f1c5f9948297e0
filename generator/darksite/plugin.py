"""The MkDocs plugin: event wiring only (skeleton; the site engineer extends it).

``on_config`` loads and checks every incident (priority: default, so other
plugins see the final config). Errors abort the build with every diagnostic.
"""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from darksite import api
from darksite.diagnostics import Diagnostic
from darksite.plugin_config import DarksitePluginConfig, to_settings
from darksite.settings import Settings

log = logging.getLogger("mkdocs.plugins.darksite")


class IncidentsInvalid(PluginError):
    """Raised when incident files have errors; MkDocs prints it without a traceback."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        lines = [d.format_text() for d in diagnostics]
        errors = sum(1 for d in diagnostics if d.is_error)
        lines.append(f"{errors} error(s) in incident files: nothing was built")
        super().__init__("\n".join(lines))


class DarksitePlugin(BasePlugin[DarksitePluginConfig]):
    """Loads incidents/*.yaml and generates the dark site's pages."""

    settings: Settings
    report: api.Report

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.settings = to_settings(self.config, config)
        self.report = api.check_incidents(self.settings)
        if not self.report.ok:
            raise IncidentsInvalid(list(self.report.diagnostics))
        for diagnostic in self.report.diagnostics:
            log.warning(diagnostic.format_text())
        return config
