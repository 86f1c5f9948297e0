"""Finding and opening a darksite project (its ``mkdocs.yml``) for the CLI and the API.

Like ``mkdocs`` itself, commands act on the project in the current directory
unless ``-f`` names a config file. Every failure here is a
:class:`~darksite.errors.DarksiteError` with a sentence a person can act on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs import exceptions as mkdocs_exceptions
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from darksite.errors import ConfigError, ProjectNotFoundError
from darksite.plugin_config import DarksitePluginConfig, to_settings
from darksite.settings import Settings

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")


@dataclass(frozen=True)
class Project:
    """An opened project: MkDocs' validated config and darksite's settings."""

    config: MkDocsConfig
    settings: Settings

    @property
    def plugin_config(self) -> DarksitePluginConfig:
        return self.config.plugins["darksite"].config  # type: ignore[no-any-return]


def find_config_file(explicit: str | Path | None = None, cwd: Path | None = None) -> Path:
    """The project's config file: ``explicit`` if given, else ``mkdocs.yml`` in ``cwd``."""
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise ProjectNotFoundError(f"config file not found: {path}")
        return path
    here = cwd or Path.cwd()
    for name in CONFIG_NAMES:
        if (here / name).is_file():
            return here / name
    raise ProjectNotFoundError(
        f"no mkdocs.yml in {here}: run darksite in the project folder, or pass -f PATH/mkdocs.yml"
    )


def open_project(config_file: str | Path | None = None, **overrides: Any) -> Project:
    """Load and validate ``mkdocs.yml``; require the darksite plugin in it."""
    path = find_config_file(config_file)
    try:
        config = load_config(config_file=str(path), **overrides)
    except mkdocs_exceptions.MkDocsException as error:
        raise ConfigError(
            f"{path}: {error} (see the lines above; fix mkdocs.yml and run again)"
        ) from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from error
    if "darksite" not in config.plugins:
        raise ConfigError(
            f"{path}: the darksite plugin is not enabled: add '- darksite' under 'plugins:'"
        )
    plugin = config.plugins["darksite"]
    return Project(config=config, settings=to_settings(plugin.config, config))

