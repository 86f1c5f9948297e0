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
import html
import json
import posixpath
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, partial
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml
from jinja2 import Environment, FileSystemLoader, pass_context

import darksite
from darksite import clock
from darksite.diagnostics import Diagnostic, Severity
from darksite.errors import InvalidIncidentsError
from darksite.model import Incident, Status
from darksite.outputs import atom, embed, lite, press, robots, status
from darksite.outputs.context import OutputContext
from darksite.outputs.writer import SiteWriter
from darksite.pipeline.cache import OutputCache
from darksite.pipeline.tree import (
    DOCS,
    OUTPUTS,
    OVERRIDES,
    SITE_CONFIG,
    GeneratedFile,
    GeneratedTree,
)
from darksite.render import pages
from darksite.render.markdown import MarkdownRenderer
from darksite.render.views import SiteView, incident_view, published, site_view
from darksite.settings import Settings

FORMAT = "darksite-tree-1"
"""Bump when the tree's meaning changes: every digest changes with it."""

PRE_RENDERED = frozenset({"main.html", "home.html", "incident.html", "archive.html", "404.html"})
"""Theme templates whose work the generated tree does itself (they need the plugin's values)."""

KEPT_TEMPLATES = frozenset({"partials/darksite-palette.html"})
"""Theme partials the generated ``main.html`` still includes (they read only engine config)."""

INCIDENT_BODY = """<div class="darksite-incident darksite-incident--{{ incident.status }}" \
lang="{{ incident.lang }}">
{% for section in sections %}{% include "partials/incident/" ~ section ~ ".html" %}
{% endfor %}</div>
"""
SECTIONS = ("title", "warnings", "status", "times", "alternates", "summary", "statement",
            "apology", "actions", "updates", "next-update", "contacts", "faq", "spokesperson")
"""The sections of ``themes/incident.html``, in page order."""

HEAD = '{% include "partials/darksite-head.html" ignore missing %}'
HOME_ACTIVE = """<h1 class="darksite-home-title">{% if darksite.active | length > 1 %}Current \
incidents{% else %}Current incident{% endif %}</h1>
<div class="darksite-active-list">
{% for card in darksite.active %}{% include "partials/darksite-card.html" %}{% endfor %}
</div>
"""
HOME_LINKS = '{% include "partials/darksite-home-links.html" %}'
ARCHIVE_BODY = """<div class="darksite-archive">
{% if darksite.resolved %}<p>{{ darksite.resolved | length }} resolved incident\
{% if darksite.resolved | length != 1 %}s{% endif %}, most recently resolved first.</p>
<div class="darksite-archive-list">
{% for card in darksite.resolved %}{% include "partials/darksite-card.html" %}{% endfor %}
</div>{% else %}<p>There are no resolved incidents yet.</p>{% endif %}
<p><a href="{{ darksite.home_url | url }}">Back to the home page</a></p>
</div>
"""
NOT_FOUND_BODY = """<h1>Page not found</h1>
<p>We could not find the page you asked for. It may have moved, or the link may be mistyped.</p>
{% if darksite.active %}<h2>{% if darksite.active | length > 1 %}Current incidents\
{% else %}Current incident{% endif %}</h2>
<ul class="darksite-404-incidents">
{% for card in darksite.active %}<li><a href="{{ card.url | url }}">{{ card.title }}</a></li>
{% endfor %}</ul>{% endif %}
<p><a href="{{ darksite.home_url | url }}">Go to the home page</a></p>
"""


@dataclass(frozen=True)
class Templates:
    """What pages are drawn with, besides the incidents and the settings.

    ``engine`` holds the plain site settings an engine needs (``site_name``,
    ``theme``, ``markdown_extensions``...), as read from ``mkdocs.yml``;
    ``markdown_extensions`` and ``mdx_configs`` are the validated ones that
    darksite's own Markdown renderer uses.
    """

    theme_dir: Path | None
    engine: Mapping[str, Any]
    markdown_extensions: tuple[str, ...] = ()
    mdx_configs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


# -- digests -------------------------------------------------------------------------------


def _files_under(folder: Path | None) -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    return sorted(path for path in folder.rglob("*") if path.is_file())


def _code_digest() -> str:
    """darksite's own code and packaged templates: a new darksite is a new build."""
    digest = hashlib.sha256(FORMAT.encode())
    package = Path(darksite.__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".html", ".js", ".css", ".json", ".txt"):
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


def _needs_now(incidents: Sequence[Incident]) -> bool:
    """Whether an output of ``incidents`` falls back to ``now`` (no incident, or no time)."""
    return not incidents or any(
        not incident.updates or incident.last_updated is None for incident in incidents)


# -- relative URLs -------------------------------------------------------------------------


def relative_url(target: str, page_url: str) -> str:
    """``target`` (site-relative, ``lite/x/``) as seen from the page at ``page_url`` (``x/``).

    The rule of MkDocs' ``url`` filter with directory URLs, so that the
    pre-rendered HTML links as the theme's templates would.
    """
    if "://" in target or target.startswith(("/", "#", "mailto:", "tel:", "sms:")):
        return target
    relative = posixpath.relpath("/" + target, "/" + page_url)
    if relative == ".":
        relative = "./" if target.endswith("/") or not target else "."
    elif target.endswith("/") or not target:
        relative = relative.rstrip("/") + "/"
    return relative


_URL_MARK = "\x00darksite-url\x00"


def _jinja_literal(text: str) -> str:
    """HTML for a template the engine renders: braces as entities, URLs as its ``url`` filter.

    An incident title with ``{{`` in it must stay text, never become a template
    expression, so every brace is written as a character reference first.
    """
    safe = text.replace("{", "&#123;").replace("}", "&#125;")
    parts = safe.split(_URL_MARK)
    out = [parts[0]]
    for index in range(1, len(parts), 2):
        out.append("{{ " + json.dumps(parts[index]) + " | url }}")
        out.append(parts[index + 1])
    return "".join(out)


# -- the drawing environment ---------------------------------------------------------------


@pass_context
def _url_filter(context: Any, target: str) -> str:
    page_url = context.get("page_url")
    if page_url is None:  # drawing a template for the engine: let its own filter decide
        return f"{_URL_MARK}{target}{_URL_MARK}"
    return relative_url(str(target), str(page_url))


class _Drawing:
    """Everything the generation of missing files needs, made only when one is missing."""

    def __init__(self, incidents: Sequence[Incident], settings: Settings, templates: Templates,
                 now: datetime, warnings: Mapping[str, Sequence[Diagnostic]]) -> None:
        self.incidents = incidents
        self.settings = settings
        self.templates = templates
        self.now = now
        self.warnings = warnings

    @cached_property
    def renderer(self) -> MarkdownRenderer:
        return MarkdownRenderer(self.templates.markdown_extensions, self.templates.mdx_configs,
                                allow_html=self.settings.allow_html)

    @cached_property
    def ctx(self) -> OutputContext:
        return OutputContext.for_settings(self.settings, self.renderer, self.now)

    @cached_property
    def site(self) -> SiteView:
        return site_view(self.incidents, self.settings)

    @cached_property
    def env(self) -> Environment:
        folders = [str(self.templates.theme_dir)] if self.templates.theme_dir else []
        env = Environment(loader=FileSystemLoader(folders), autoescape=False,
                          keep_trailing_newline=True)
        env.filters["url"] = _url_filter
        return env

    def draw(self, source: str, page_url: str | None, **values: Any) -> str:
        return self.env.from_string(source).render(
            darksite=self.site, page_url=page_url, **values)

    def incident_parts(self, incident: Incident) -> tuple[str, str]:
        """The article and the ``<head>`` tags (sharing, feeds, JSON-LD) of an incident page."""
        url = pages.incident_src_uri(incident.id).removesuffix("index.md")
        view = incident_view(incident, self.renderer, self.settings,
                             url_for=lambda _id: url,
                             warnings=self.warnings.get(incident.source, ()))
        site_url = self.settings.site_url
        base = site_url if not site_url or site_url.endswith("/") else site_url + "/"
        page = {"canonical_url": urljoin(base, url) if base else None,
                "title": view.title, "is_homepage": False}
        config = {"site_name": self.settings.site_name, "site_url": site_url}
        head = self.draw(HEAD, url, incident=view, page=page, config=config)
        return self.draw(INCIDENT_BODY, url, incident=view, sections=SECTIONS), head.strip()


# -- the pages -----------------------------------------------------------------------------


def _split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            meta = yaml.safe_load(text[4:end]) or {}
            if isinstance(meta, dict):
                return meta, text[end + 5:]
    return {}, text


def incident_page(drawing: _Drawing, incident: Incident) -> str:
    """Front matter (title, description, the ``<head>`` tags) and the pre-drawn article."""
    body, head = drawing.incident_parts(incident)
    meta = {
        "title": html.escape(incident.title, quote=True),
        "description": html.escape(incident.summary, quote=True),
        "hide": list(pages.HIDDEN_SIDEBARS),
        "darksite_head": head,
    }
    return pages.front_matter(meta) + "\n" + body


def home_page(drawing: _Drawing, holding: str | None) -> str:
    meta, body = _split_front_matter(holding if holding is not None
                                     else pages.default_home_markdown())
    meta.pop("template", None)
    if drawing.site.active:
        meta["hide"] = sorted({*meta.get("hide", []), "toc"})
        body = drawing.draw(HOME_ACTIVE, "")
    return (pages.front_matter(meta) + "\n" + body.rstrip("\n") + "\n\n"
            + drawing.draw(HOME_LINKS, "").strip() + "\n")


def archive_page(drawing: _Drawing) -> str:
    meta = {"title": pages.ARCHIVE_TITLE, "hide": ["toc"]}
    return (pages.front_matter(meta) + f"\n# {pages.ARCHIVE_TITLE}\n\n"
            + drawing.draw(ARCHIVE_BODY, "archive/"))


def main_override(drawing: _Drawing) -> str:
    """``main.html`` for the engine: the site-wide blocks of ``themes/main.html``, pre-drawn."""
    banner = _jinja_literal(drawing.draw(
        '{% include "partials/darksite-announce.html" %}', None).strip())
    robots_meta = ('<meta name="robots" content="noindex, nofollow">'
                   if drawing.settings.rehearsal else "")
    site_name = _jinja_literal(html.escape(drawing.settings.site_name, quote=True))
    return (
        "{#- Generated by darksite (pipeline.generate): edit themes/, not this file. -#}\n"
        '{% extends "base.html" %}\n'
        "{% block site_meta %}{{ super() }}" + robots_meta + "{% endblock %}\n"
        "{% block styles %}{{ super() }}<link rel=\"stylesheet\" "
        "href=\"{{ 'assets/stylesheets/darksite.css' | url }}\">{% endblock %}\n"
        "{% block extrahead %}{% if page and page.meta and page.meta.darksite_head %}"
        "{{ page.meta.darksite_head | safe }}{% else %}"
        '<link rel="alternate" type="application/atom+xml" '
        f'title="{site_name}: all updates" href="{{{{ \'feed.xml\' | url }}}}">'
        "{% endif %}{% endblock %}\n"
        '{% block scripts %}{% include "partials/darksite-palette.html" %}{% endblock %}\n'
        "{% block announce %}" + banner + "{% endblock %}\n"
    )


def not_found_override(drawing: _Drawing) -> str:
    body = _jinja_literal(drawing.draw(NOT_FOUND_BODY, None))
    return '{% extends "main.html" %}\n{% block content %}\n' + body + "{% endblock %}\n"


class _MemoryWriter(SiteWriter):
    """The outputs' own writer, keeping the files in memory (for the shared group outputs)."""

    def __init__(self) -> None:
        super().__init__(Path("."))
        self.texts: dict[str, str] = {}

    def write_text(self, relative_path: str, text: str) -> Path:
        self.texts[relative_path] = text
        self.written.append(relative_path)
        return Path(relative_path)


def _group(write: Callable[[SiteWriter], None]) -> dict[str, str]:
    writer = _MemoryWriter()
    write(writer)
    return writer.texts


def _with_ctx(make: Callable[[Incident, OutputContext], str], drawing: _Drawing,
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

    The plugin refuses the same (:meth:`darksite.plugin.DarksitePlugin._refuse_clashes`).
    """
    taken = set()
    for path in docs_paths:
        if path.endswith(".md"):
            stem = path.removesuffix(".md").removesuffix("/index").removesuffix("index")
            taken.add(stem.rstrip("/"))
    problems = []
    for incident in shown:
        if incident.id in pages.RESERVED_IDS:
            message, code = f"the id '{incident.id}' is used by the site itself", "reserved-id"
        elif incident.id in taken:
            message = f"the page of incident '{incident.id}' would replace a page in the docs"
            code = "page-clash"
        else:
            continue
        where = incident.location("id")
        problems.append(Diagnostic(
            file=incident.source, line=where.line, column=where.column,
            severity=Severity.ERROR, code=code, path="id", message=message,
            hint="choose another id, and rename the file to match"))
    if problems:
        raise InvalidIncidentsError(
            f"{len(problems)} error(s) in incident files: nothing was built", problems)


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
    drawing = _Drawing(shown, settings, templates, moment, warnings)
    files: dict[str, GeneratedFile] = {}

    def add(path: str, digest: str, make: Callable[[], str | bytes]) -> None:
        data = cache.get(digest) if cache is not None else None
        if data is None:
            made = make()
            data = made.encode("utf-8") if isinstance(made, str) else made
            if cache is not None:
                cache.put(digest, data)
        files[path] = GeneratedFile(data=data, digest=digest)

    holding = None
    for path, data in docs:
        if path == "index.md":
            holding = data.decode("utf-8")
        else:
            files[f"{DOCS}/{path}"] = GeneratedFile(data, _file_digest(path, data))
    for path, data in theme:
        if path.endswith(".html") and path not in KEPT_TEMPLATES:
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

    add(f"{OUTPUTS}/{atom.SITE_FEED_PATH}", listing("site-feed", shown),
        lambda: atom.site_feed(shown, drawing.ctx))
    add(f"{OUTPUTS}/{status.STATUS_PATH}", listing("status", shown),
        lambda: status.status_json(shown, drawing.ctx))
    add(f"{OUTPUTS}/{lite.INDEX_PATH}", listing("lite-index", shown),
        lambda: lite.index_page(shown, drawing.ctx))
    for path, text in sorted(_group(lambda w: embed.write_embed(w, drawing.ctx)).items()):
        add(f"{OUTPUTS}/{path}", _digest("embed", base, path), partial(str, text))
    for path, text in sorted(_group(lambda w: robots.write_robots(w, drawing.ctx)).items()):
        add(f"{OUTPUTS}/{path}", _digest("robots", base, path), partial(str, text))
    return GeneratedTree(files=dict(sorted(files.items())))
