"""Finding and opening a darksite project (its ``mkdocs.yml``) for the CLI and the API.

Like ``mkdocs`` itself, commands act on the project in the current directory
unless ``-f`` names a config file. Every failure here is a
:class:`~darksite.errors.DarksiteError` with a sentence a person can act on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from darksite.errors import ConfigError, ProjectNotFoundError
from darksite.fs_errors import explain, kind_of, shown

if TYPE_CHECKING:  # MkDocs is imported only when a project is opened the full way
    from mkdocs.config.defaults import MkDocsConfig

    from darksite.mkdocs.plugin_config import DarksitePluginConfig
    from darksite.pipeline.generate import Templates
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
        if path.is_dir():
            raise ProjectNotFoundError(
                f"config file -f {path} is a folder: name the mkdocs.yml inside it "
                f"(-f {path / CONFIG_NAMES[0]})")
        if not path.is_file():
            found = kind_of(path)
            what = "does not exist" if found == "nothing" else f"is {found}"
            raise ProjectNotFoundError(
                f"config file not found: -f {path} {what}: check the path, or run darksite in "
                "the project folder without -f")
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
    from mkdocs import exceptions as mkdocs_exceptions
    from mkdocs.config import load_config

    from darksite.mkdocs.plugin_config import to_settings

    path = find_config_file(config_file)
    try:
        config = load_config(config_file=str(path), **overrides)
    except mkdocs_exceptions.MkDocsException as error:
        located = yaml_error_text(error.__context__)
        if located is not None:
            raise ConfigError(f"{located}: fix mkdocs.yml and run again") from None
        raise ConfigError(
            f"{path}: {error} (see the lines above; fix mkdocs.yml and run again)"
        ) from None
    except OSError as error:
        raise explain(error, path, doing=f"cannot read {shown(path)}") from error
    if "darksite" not in config.plugins:
        raise ConfigError(
            f"{path}: the darksite plugin is not enabled: add '- darksite' under 'plugins:'"
        )
    plugin = config.plugins["darksite"]
    return Project(config=config, settings=to_settings(plugin.config, config))



def yaml_error_text(error: BaseException | None) -> str | None:
    """``mkdocs.yml:3:14: problem (context)`` for a YAML error in a config file; else None.

    MkDocs' own message spreads over several lines and gives a byte position
    for an encoding error; a person needs the file, line and column.
    """
    if isinstance(error, yaml.reader.ReaderError):
        name = Path(str(error.name))
        line, column = _line_and_column(name, error.position,
                                        characters=error.encoding == "unicode")
        if error.encoding == "unicode":  # a control character, say: PyYAML reads characters
            what = f"character U+{int(error.character):04X} is not allowed in YAML (delete it)"
        else:
            what = f"byte 0x{int(error.character):02x} is not UTF-8 (save the file as UTF-8)"
        return f"{shown(name)}:{line}:{column}: {what}"
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        mark = error.problem_mark
        context = f" ({error.context})" if error.context else ""
        problem = error.problem or "invalid YAML"
        return f"{shown(mark.name)}:{mark.line + 1}:{mark.column + 1}: {problem}{context}"
    return None


def _line_and_column(path: Path, position: int, *, characters: bool) -> tuple[int, int]:
    """Line and column (from 1) of ``position`` in ``path``: a character or a byte index."""
    try:
        data = path.read_bytes()
    except OSError:
        return 1, 1
    before = data.decode("utf-8", "replace")[:position] if characters else \
        data[:position].decode("latin-1")
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


@dataclass(frozen=True)
class ProjectFolders:
    """Where a project's incidents and docs are, read from ``mkdocs.yml`` without MkDocs."""

    root: Path
    incidents_dir: Path
    docs_dir: Path
    time_zone: str | None = None
    """The site's ``time_zone`` option: the operator's times on the command line are read in it."""
    languages: tuple[str, ...] = ()
    """The declared other languages (``languages: others:``), for ``update --translation``."""


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml's plain keys; ``!ENV`` and ``!!python/name:`` values become None."""


_TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/",
                                      lambda loader, suffix, node: None)


def read_folders(config_file: str | Path | None = None) -> ProjectFolders | None:
    """The incidents and docs folders, fast: for commands that only edit incident files.

    Why: opening the project through MkDocs imports and validates every plugin
    and the theme (a quarter of a second), which ``darksite update`` does not
    need to append to a file at 3 a.m. Returns ``None`` whenever the plain
    reading could differ from MkDocs' (``INHERIT``, tags on the keys read, an
    unusual shape); the caller then opens the project the full way.
    """
    path = find_config_file(config_file)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if not isinstance(data, dict) or "INHERIT" in data:
        return None
    options = _darksite_options(data.get("plugins"))
    docs_dir = data.get("docs_dir", "docs")
    incidents_dir = options.get("incidents_dir", "incidents") if options is not None else None
    time_zone = options.get("time_zone") if options is not None else None
    languages = _other_languages(options.get("languages") if options is not None else None)
    if not isinstance(docs_dir, str) or not isinstance(incidents_dir, str) or not (
            time_zone is None or _known_zone(time_zone)) or languages is None:
        return None
    root = path.resolve().parent
    return ProjectFolders(root=root, incidents_dir=(root / incidents_dir).resolve(),
                          docs_dir=(root / docs_dir).resolve(), time_zone=time_zone,
                          languages=languages)


def _other_languages(value: object) -> tuple[str, ...] | None:
    """``languages: others:`` as MkDocs would read it, or None if it might read it otherwise.

    Anything but a mapping of known keys with a list of tags Babel knows
    returns None: MkDocs' own reading then reports the problem, located.
    """
    if value is None:
        return ()
    if not isinstance(value, dict) or not set(value) <= {"default", "others"}:
        return None
    others = value.get("others", [])
    if not isinstance(others, list) or not all(isinstance(tag, str) for tag in others):
        return None
    from darksite.i18n.languages import LanguageError, locale_of

    try:
        for tag in others:
            locale_of(tag)
    except LanguageError:
        return None
    return tuple(others)


def _known_zone(name: object) -> bool:
    """Whether ``name`` is an IANA zone (else MkDocs' own reading reports it, the full way)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return isinstance(name, str)


def _darksite_options(plugins: object) -> dict | None:
    """The darksite plugin's options from a ``plugins:`` list or mapping; None if absent."""
    entries = plugins.items() if isinstance(plugins, dict) else (
        [next(iter(item.items())) if isinstance(item, dict) and len(item) == 1 else (item, {})
         for item in plugins] if isinstance(plugins, list) else [])
    for name, options in entries:
        if name == "darksite":
            return options if isinstance(options, dict) else {}
    return None


ENGINE_KEYS = ("site_name", "site_url", "site_description", "site_author", "copyright",
               "theme", "extra", "extra_css", "markdown_extensions", "use_directory_urls", "nav")
"""The ``mkdocs.yml`` settings a renderer of the generated tree needs (no plugins, no hooks:
the tree holds what they would have made)."""


def pipeline_templates(project: Project) -> Templates:
    """What :func:`darksite.pipeline.generate.generate` draws with, read from ``project``."""
    from darksite.pipeline.generate import Templates

    path = Path(project.config.config_file_path)
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    engine = {key: raw[key] for key in ENGINE_KEYS if isinstance(raw, dict) and key in raw}
    engine["site_name"] = project.config.site_name
    theme = dict(engine.get("theme") or {"name": "material"})
    theme.pop("custom_dir", None)
    engine["theme"] = theme
    custom_dir = project.config.theme.custom_dir
    if not custom_dir:
        raise ConfigError(f"{path}: the pipeline draws pages with darksite's theme overrides: "
                          "set theme.custom_dir (the sample project's is 'themes')")
    return Templates(
        theme_dir=Path(custom_dir).resolve(),
        engine=engine,
        markdown_extensions=tuple(project.config.markdown_extensions),
        mdx_configs={k: dict(v) for k, v in project.config.mdx_configs.items()},
    )
