"""Generate the source tree: a pure function of (incidents, settings, templates).

Why generate first: the page darksite wants is known before any engine
runs. Putting it into plain files (Markdown with front matter, HTML
fragments drawn from the view models with darksite's own partials, the
theme overrides, the outputs) means an engine only draws the tree, and an
engine that runs no MkDocs plugin (Zensical) draws the same pages.

Every file's digest is taken from its inputs only:

- ``base``: darksite's code and templates, the settings, the theme folder,
  the docs folder, the engine settings, the Markdown extensions;
- an incident's own files (its page, feed, lite and press pages): ``base``
  and that incident (and, in a rehearsal, its check warnings);
- a shared file: ``base`` and the incidents it lists (the banner, home and
  404 page the active ones; the archive the resolved ones; the site feed,
  ``status.json`` and ``/lite/`` every shown one).

With a cache (:class:`~darksite.pipeline.cache.OutputCache`) an output
whose digest is known is taken from it instead of being made, so after one
edit only that incident's files and the shared files that list it are
generated again. Same inputs, same bytes and digests: nothing here reads
the clock (``now`` is an input) or the order of a directory listing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from functools import cache as cache_once
from functools import partial
from pathlib import Path

import darksite
from darksite import clock
from darksite.diagnostics import Diagnostic
from darksite.errors import InvalidIncidentsError
from darksite.model import Incident, Status
from darksite.outputs import (
    atom,
    cards,
    embed,
    language_press,
    languages,
    lite,
    press,
    robots,
    status,
    statuspage,
)
from darksite.outputs.context import OutputContext
from darksite.outputs.writer import OutputCollisionError, SiteWriter
from darksite.pipeline.cache import OutputCache
from darksite.pipeline.draw import (
    Drawing,
    Templates,
    archive_page,
    carried_template,
    home_page,
    incident_page,
    main_override,
    not_found_override,
)
from darksite.pipeline.tree import (
    DOCS,
    OUTPUTS,
    OVERRIDES,
    SITE_CONFIG,
    GeneratedFile,
    GeneratedTree,
)
from darksite.render import pages
from darksite.render.views import published
from darksite.settings import Settings

__all__ = ["Templates", "generate"]

FORMAT = "darksite-tree-1"
"""Bump when the tree's meaning changes: every digest changes with it."""

def _files_under(folder: Path | None) -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    return sorted(path for path in folder.rglob("*") if path.is_file())



# -- digests -------------------------------------------------------------------------------


def _code_digest() -> str:
    """darksite's own code and packaged templates: a new darksite is a new build."""
    digest = hashlib.sha256(FORMAT.encode())
    package = Path(darksite.__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".html", ".js", ".css", ".json", ".txt",
                                              ".po"):
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _file_digest(path: str, data: bytes) -> str:
    return _digest("copy", path, hashlib.sha256(data).hexdigest())


def _base_digest(settings: Settings, templates: Templates, docs: Iterable[tuple[str, bytes]],
                 theme: Iterable[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256(_code_digest().encode())
    digest.update(repr(settings).encode())
    digest.update(json.dumps(templates.engine, sort_keys=True, default=repr).encode())
    digest.update(repr((templates.markdown_extensions,
                        sorted((k, repr(v)) for k, v in templates.mdx_configs.items()))).encode())
    for label, files in (("docs", docs), ("theme", theme)):
        digest.update(f"\0{label}\0".encode())
        for path, data in files:
            digest.update(path.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def _incident_digest(incident: Incident, warnings: Sequence[Diagnostic]) -> str:
    """The incident as loaded (its repr is its every field), and its shown warnings."""
    return _digest("incident", repr(incident), *(d.format_text() for d in warnings))


def _sidecars_digest(settings: Settings, incident_id: str, lang: str) -> str:
    """The bytes of an incident's translation into ``lang`` (none: the empty digest)."""
    from darksite.i18n.sidecar import sidecar_path

    path = sidecar_path(settings.incidents_dir, incident_id, lang)
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


def _needs_now(incidents: Sequence[Incident]) -> bool:
    """Whether an output of ``incidents`` falls back to ``now`` (no incident, or no time)."""
    return not incidents or any(
        not incident.updates or incident.last_updated is None for incident in incidents)


class _MemoryWriter(SiteWriter):
    """The outputs' own writer, keeping the files in memory (for the shared group outputs)."""

    def __init__(self) -> None:
        super().__init__(Path("."))
        self.texts: dict[str, str] = {}

    def write_text(self, relative_path: str, text: str) -> Path:
        if relative_path in self.written:
            raise OutputCollisionError(f"two darksite outputs both write {relative_path}")
        self.texts[relative_path] = text
        self.written.add(relative_path)
        return Path(relative_path)


def _group(write: Callable[[SiteWriter], None]) -> dict[str, str]:
    writer = _MemoryWriter()
    write(writer)
    return writer.texts


def _item(make: Callable[[], dict[str, str]], path: str) -> str:
    return make()[path]


def _with_ctx(make: Callable[[Incident, OutputContext], str], drawing: Drawing,
              incident: Incident) -> str:
    return make(incident, drawing.ctx)


def default_nav(docs_paths: Iterable[str]) -> list[str]:
    """Home, the evergreen pages, the archive: never the incidents (docs/site.md says why).

    The plugin makes incident pages ``NOT_IN_NAV``; an engine without it
    needs the navigation written out.
    """
    evergreen = sorted(path for path in docs_paths
                       if path.endswith(".md") and path != "index.md")
    return ["index.md", *evergreen, pages.ARCHIVE_SRC_URI]


# -- the clash check -----------------------------------------------------------------------


def refuse_clashes(shown: Sequence[Incident], docs_paths: Iterable[str]) -> None:
    """An incident page that would replace a hand-written page, or a site folder, is an error.

    The plugin refuses the same, with the same :func:`darksite.render.pages.id_clash`.
    """
    taken = set()
    for path in docs_paths:
        if path.endswith(".md"):
            stem = path.removesuffix(".md").removesuffix("/index").removesuffix("index")
            taken.add(stem.rstrip("/"))
    problems = [problem for incident in shown if (problem := pages.id_clash(
        incident, "a page in the docs" if incident.id in taken else None)) is not None]
    if problems:
        raise InvalidIncidentsError.nothing_built(problems)


# -- the whole tree ------------------------------------------------------------------------


def generate(
    incidents: Sequence[Incident],
    settings: Settings,
    templates: Templates,
    *,
    diagnostics: Sequence[Diagnostic] = (),
    now: datetime | None = None,
    cache: OutputCache | None = None,
) -> GeneratedTree:
    """The generated tree of the incidents this build shows (see the module docstring).

    ``diagnostics`` are shown on their incident's page in a rehearsal only;
    ``now`` stands in where an output has no time of its own (no incident yet).
    """
    moment = now or clock.now()
    shown = published(incidents, settings)
    warnings: dict[str, list[Diagnostic]] = {}
    if settings.rehearsal:
        for diagnostic in diagnostics:
            warnings.setdefault(diagnostic.file, []).append(diagnostic)
    docs = [(path.relative_to(settings.docs_dir).as_posix(), path.read_bytes())
            for path in _files_under(settings.docs_dir)]
    theme = [(path.relative_to(templates.theme_dir).as_posix(), path.read_bytes())
             for path in _files_under(templates.theme_dir)] if templates.theme_dir else []
    refuse_clashes(shown, (path for path, _ in docs))
    base = _base_digest(settings, templates, docs, theme)
    own = {i.id: _incident_digest(i, warnings.get(i.source, ())) for i in shown}
    now_text = moment.isoformat()

    def listing(kind: str, chosen: Iterable[Incident]) -> str:
        chosen = list(chosen)
        return _digest(kind, base, *(own[i.id] for i in chosen),
                       now_text if _needs_now(chosen) else "")

    active = [i for i in shown if i.is_active]
    resolved = [i for i in shown if i.status is Status.RESOLVED]
    drawing = Drawing(shown, settings, templates, moment, warnings)
    files: dict[str, GeneratedFile] = {}

    def add(path: str, digest: str, make: Callable[[], str | bytes]) -> None:
        stored = cache.find(digest) if cache is not None else None
        if stored is not None:  # read only if asked for: see GeneratedFile
            files[path] = GeneratedFile(None, digest, stored)
            return
        made = make()
        data = made.encode("utf-8") if isinstance(made, str) else made
        kept = cache.put(digest, data) if cache is not None else None
        files[path] = GeneratedFile(data, digest, kept)  # the tree links the cache's copy

    holding = None
    for path, data in docs:
        if path == "index.md":
            holding = data.decode("utf-8")
        else:
            files[f"{DOCS}/{path}"] = GeneratedFile(data, _file_digest(path, data))
    for path, data in theme:
        if not carried_template(path):
            continue  # drawn into the tree below, or a partial those drawings include
        files[f"{OVERRIDES}/{path}"] = GeneratedFile(data, _file_digest(path, data))

    engine = dict(templates.engine)
    engine.setdefault("nav", default_nav(path for path, _ in docs))
    site_config = json.dumps(engine, sort_keys=True, ensure_ascii=False, indent=1) + "\n"
    add(SITE_CONFIG, _digest("site", base), lambda: site_config)
    add(f"{DOCS}/index.md", _digest(listing("home", active), holding or ""),
        lambda: home_page(drawing, holding))
    add(f"{DOCS}/{pages.ARCHIVE_SRC_URI}", listing("archive", resolved),
        lambda: archive_page(drawing))
    add(f"{OVERRIDES}/main.html", listing("main", active), lambda: main_override(drawing))
    add(f"{OVERRIDES}/404.html", listing("404", active), lambda: not_found_override(drawing))

    for incident in shown:
        mine = _digest(base, own[incident.id],
                       now_text if _needs_now([incident]) else "")
        add(f"{DOCS}/{pages.incident_src_uri(incident.id)}", _digest("page", mine),
            partial(incident_page, drawing, incident))
        add(f"{OUTPUTS}/{atom.incident_feed_path(incident.id)}", _digest("feed", mine),
            partial(_with_ctx, atom.incident_feed, drawing, incident))
        add(f"{OUTPUTS}/{lite.lite_path(incident.id)}", _digest("lite", mine),
            partial(_with_ctx, lite.incident_page, drawing, incident))
        add(f"{OUTPUTS}/{press.press_path(incident.id)}", _digest("press", mine),
            partial(_with_ctx, press.press_page, drawing, incident))
        for lang in settings.languages:  # /<lang>/<id>/ (darksite.i18n); sidecars are inputs
            mine_in = _digest(mine, lang, _sidecars_digest(settings, incident.id, lang))
            add(f"{OUTPUTS}/{languages.page_path(lang, incident.id)}", _digest("lang", mine_in),
                partial(languages.incident_page, incident, lang, drawing.ctx))
            add(f"{OUTPUTS}/{languages.feed_path(lang, incident.id)}",
                _digest("lang-feed", mine_in),
                partial(languages.incident_feed, incident, lang, drawing.ctx))
            add(f"{OUTPUTS}/{language_press.press_path(lang, incident.id)}",
                _digest("lang-press", mine_in),
                partial(language_press.press_page, incident, lang, drawing.ctx))
            add(f"{OUTPUTS}/{language_press.texts_path(lang, incident.id)}",
                _digest("lang-press-texts", mine_in),
                partial(language_press.texts_page, incident, lang, drawing.ctx))
        add(f"{OUTPUTS}/{press.texts_path(incident.id)}", _digest("press-texts", mine),
            partial(_with_ctx, press.texts_page, drawing, incident))

    for lang in settings.languages:  # /<lang>/ and its pages: every shown incident in lang
        index_digest = _digest(listing("lang-index", shown), lang, *(
            _sidecars_digest(settings, incident.id, lang) for incident in shown))
        index = cache_once(partial(languages.index_pages, shown, lang, drawing.ctx))
        pages_count = languages.index_page_count(len(resolved))
        for number in range(1, pages_count + 1):
            path = languages.index_path(lang, number)
            add(f"{OUTPUTS}/{path}", _digest(index_digest, path), partial(_item, index, path))
    add(f"{OUTPUTS}/{atom.SITE_FEED_PATH}", listing("site-feed", shown),
        lambda: atom.site_feed(shown, drawing.ctx))
    add(f"{OUTPUTS}/{status.STATUS_PATH}", listing("status", shown),
        lambda: status.status_json(shown, drawing.ctx))
    api = cache_once(partial(statuspage.api_files, shown, drawing.ctx))  # made once, if at all
    api_digest = listing("api", shown)
    for path in statuspage.PATHS:
        add(f"{OUTPUTS}/{path}", _digest(api_digest, path), partial(_item, api, path))
    lite_pages = cache_once(lambda: dict(lite.index_pages(shown, drawing.ctx)))
    lite_digest = listing("lite-index", shown)
    for number in range(1, lite.page_count(len(resolved)) + 1):  # paged, as the plugin's
        path = lite.index_page_path(number)
        add(f"{OUTPUTS}/{path}", lite_digest if number == 1 else _digest(lite_digest, path),
            partial(_item, lite_pages, path))
    for path, text in sorted(_group(lambda w: embed.write_embed(w, drawing.ctx)).items()):
        add(f"{OUTPUTS}/{path}", _digest("embed", base, path), partial(str, text))
    for path, digest, draw in cards.card_makers(drawing.ctx):
        add(f"{OUTPUTS}/{path}", _digest("card", digest), draw)
    for path, text in sorted(_group(lambda w: robots.write_robots(w, drawing.ctx)).items()):
        add(f"{OUTPUTS}/{path}", _digest("robots", base, path), partial(str, text))
    drawing.keep_rendered_fields()
    return GeneratedTree(files=dict(sorted(files.items())))
