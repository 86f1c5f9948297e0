"""Drawing darksite's pages into the generated tree, with darksite's own templates.

Why pre-drawn HTML: an engine without darksite's plugin (Zensical) has no
``incident`` or ``darksite`` value in its templates, so the article, the
home and archive lists, the banner and the 404 page are drawn here, with a
plain Jinja environment over the project's ``themes/`` partials, from the
same view models the plugin hands MkDocs. Links are made relative to each
page as MkDocs' ``url`` filter makes them; in the templates the engine
renders itself (``main.html``, ``404.html``), links stay ``{{ "x/" | url }}``
and incident text has every brace escaped, so it can never become template
syntax.
"""

from __future__ import annotations

import html
import json
import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml
from jinja2 import Environment, FileSystemLoader, Template, pass_context

from darksite.diagnostics import Diagnostic
from darksite.model import Incident
from darksite.outputs.context import OutputContext
from darksite.render import pages
from darksite.render.markdown import MarkdownRenderer
from darksite.render.views import SiteView, incident_view, shared_incident_view, site_view
from darksite.settings import Settings

KEPT_TEMPLATES = frozenset({"partials/darksite-palette.html"})
"""Theme partials the generated ``main.html`` still includes (they read only engine config)."""

DRAWN_TEMPLATES = ("main.html", "404.html", "home.html", "archive.html", "incident.html")
DRAWN_PARTIALS = ("partials/darksite-", "partials/incident/")
"""darksite's own templates: drawn into the tree (pages, ``main.html``, ``404.html``) or
included by those drawings. Every other template of ``themes/`` (``partials/logo.html``, a
project's own footer) overrides the engine's as it does with the plugin, so it goes into
the tree's ``overrides/`` as written (:func:`carried_template`)."""


def carried_template(path: str) -> bool:
    """Whether the theme file at ``path`` (relative to ``themes/``) goes into the tree as is."""
    if not path.endswith(".html") or path in KEPT_TEMPLATES:
        return True
    return path not in DRAWN_TEMPLATES and not path.startswith(DRAWN_PARTIALS)

INCIDENT_BODY = '{% include "partials/incident/article.html" %}'
"""The article, from the same partial ``themes/incident.html`` includes (no copy to drift)."""

DRAWN_KEY = "darksite_drawn"
"""Front matter that marks a page whose body is finished HTML, not Markdown.

An engine may hand such a body to its template as it is: converting it as
Markdown gives the same HTML (raw HTML blocks pass through) but costs most
of a build (Python-Markdown's HTML-block scan and MkDocs' anchor pass read
every tag). The mkdocs-material adapter does so; Zensical converts it.
"""

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
_PAGE_TITLE_MARK = "\x00darksite-page-title\x00"
_PAGE_TEXT_MARK = "\x00darksite-page-description\x00"
_PAGE_URL_MARK = "\x00darksite-page-url\x00"
"""Stand-ins for what only the engine knows of a page it draws with ``main.html`` (an
evergreen page, the 404 page): drawn into the head partial, then made engine expressions
(:func:`engine_page_values`)."""


def engine_page_values(text: str, site_name: str, site_description: str) -> str:
    """``text`` (through :func:`jinja_literal`) with the page stand-ins as the engine's own
    expressions, computed as the head partial computes them for a page it is given."""
    name = json.dumps(html.escape(site_name, quote=True))
    title = ("{{ (page.title | striptags | e) if page and page.title and not page.is_homepage "
             f"else {name} }}}}")
    described = ("{{ ((page.meta.description if page and page.meta and page.meta.description "
                 f"else {json.dumps(site_description)}) or '') | e }}}}")
    url_line = f'<meta property="og:url" content="{_PAGE_URL_MARK}">\n'
    text = text.replace(url_line, '{% if page and page.canonical_url %}<meta property="og:url" '
                        'content="{{ page.canonical_url | e }}">\n{% endif %}')
    return text.replace(_PAGE_TITLE_MARK, title).replace(_PAGE_TEXT_MARK, described)


def jinja_literal(text: str) -> str:
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


class Drawing:
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
        """The site's Markdown renderer, with the fields earlier builds rendered (an update
        redraws the site feed, which shows every incident's updates)."""
        renderer = MarkdownRenderer(self.templates.markdown_extensions,
                                    self.templates.mdx_configs,
                                    allow_html=self.settings.allow_html)
        renderer.load_cache(self.settings.cache_dir)
        return renderer

    def keep_rendered_fields(self) -> None:
        """Save the fields this generation rendered beside the earlier ones, if it rendered."""
        if "renderer" in self.__dict__:
            self.renderer.save_cache(self.settings.cache_dir, keep_stored=True)

    @property
    def site_description(self) -> str:
        """``site_description`` of ``mkdocs.yml`` (the sharing text of a page without one)."""
        return str(self.templates.engine.get("site_description") or "")

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

    @cached_property
    def compiled(self) -> dict[str, Template]:
        """Each template string compiled once per build (compiling costs more than drawing)."""
        return {}

    def draw(self, source: str, page_url: str | None, **values: Any) -> str:
        template = self.compiled.get(source)
        if template is None:
            template = self.compiled[source] = self.env.from_string(source)
        return template.render(darksite=self.site, page_url=page_url, **values)

    def incident_parts(self, incident: Incident) -> tuple[str, str]:
        """The article and the ``<head>`` tags (sharing, feeds, JSON-LD) of an incident page."""
        url = pages.incident_src_uri(incident.id).removesuffix("index.md")
        warnings = self.warnings.get(incident.source, ())
        # Without warnings, the view the lite page shows too: made once (as the plugin does).
        view = incident_view(incident, self.renderer, self.settings, url_for=lambda _id: url,
                             warnings=warnings) if warnings else \
            shared_incident_view(incident, self.renderer, self.settings, url_for=lambda _id: url)
        site_url = self.settings.site_url
        base = site_url if not site_url or site_url.endswith("/") else site_url + "/"
        page = {"canonical_url": urljoin(base, url) if base else None,
                "title": view.title, "is_homepage": False}
        config = {"site_name": self.settings.site_name, "site_url": site_url}
        head = self.draw(HEAD, url, incident=view, page=page, config=config)
        return self.draw(INCIDENT_BODY, url, incident=view), head.strip()

    def page_head(self, page_url: str | None, *, home: bool = False) -> str:
        """The sharing tags of a page that is not an incident's (the home page names the
        active incident; ``page_url`` None: a template the engine renders)."""
        site_url = self.settings.site_url
        config = {"site_name": self.settings.site_name, "site_url": site_url,
                  "site_description": self.site_description}
        if home:
            page: dict[str, Any] = {"canonical_url": site_url, "title": self.settings.site_name,
                                    "is_homepage": True}
        else:  # the engine's page, known only when it draws it: stand-ins, made expressions
            page = {"title": _PAGE_TITLE_MARK, "is_homepage": False,
                    "canonical_url": _PAGE_URL_MARK if site_url else None,
                    "meta": {"description": _PAGE_TEXT_MARK}}
        return self.draw(HEAD, page_url, page=page, config=config).strip()


# -- the pages -----------------------------------------------------------------------------


def _split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            meta = yaml.safe_load(text[4:end]) or {}
            if isinstance(meta, dict):
                return meta, text[end + 5:]
    return {}, text


def incident_page(drawing: Drawing, incident: Incident) -> str:
    """Front matter (title, description, the ``<head>`` tags) and the pre-drawn article."""
    body, head = drawing.incident_parts(incident)
    meta = {
        "title": html.escape(incident.title, quote=True),
        "description": html.escape(incident.summary, quote=True),
        "hide": list(pages.HIDDEN_SIDEBARS),
        "darksite_head": head,
        DRAWN_KEY: True,
    }
    return pages.front_matter(meta) + "\n" + body


def home_page(drawing: Drawing, holding: str | None) -> str:
    meta, body = _split_front_matter(holding if holding is not None
                                     else pages.default_home_markdown())
    meta.pop("template", None)
    if drawing.site.active:
        meta["hide"] = sorted({*meta.get("hide", []), "toc"})
        body = drawing.draw(HOME_ACTIVE, "")
    meta["darksite_head"] = drawing.page_head("", home=True)
    return (pages.front_matter(meta) + "\n" + body.rstrip("\n") + "\n\n"
            + drawing.draw(HOME_LINKS, "").strip() + "\n")


def archive_page(drawing: Drawing) -> str:
    meta = {"title": pages.ARCHIVE_TITLE, "hide": ["toc"]}
    return (pages.front_matter(meta) + f"\n# {pages.ARCHIVE_TITLE}\n\n"
            + drawing.draw(ARCHIVE_BODY, "archive/"))


def main_override(drawing: Drawing) -> str:
    """``main.html`` for the engine: the site-wide blocks of ``themes/main.html``, pre-drawn."""
    banner = jinja_literal(drawing.draw(
        '{% include "partials/darksite-announce.html" %}', None).strip())
    robots_meta = ('<meta name="robots" content="noindex, nofollow">'
                   if drawing.settings.rehearsal else "")
    head = engine_page_values(jinja_literal(drawing.page_head(None)), drawing.settings.site_name,
                              drawing.site_description)
    return (
        "{#- Generated by darksite (pipeline.generate): edit themes/, not this file. -#}\n"
        '{% extends "base.html" %}\n'
        "{% block site_meta %}{{ super() }}" + robots_meta + "{% endblock %}\n"
        "{% block styles %}{{ super() }}<link rel=\"stylesheet\" "
        "href=\"{{ 'assets/stylesheets/darksite.css' | url }}\">{% endblock %}\n"
        "{% block extrahead %}{% if page and page.meta and page.meta.darksite_head %}"
        "{{ page.meta.darksite_head | safe }}{% else %}" + head + "{% endif %}{% endblock %}\n"
        '{% block scripts %}{% include "partials/darksite-palette.html" %}{% endblock %}\n'
        "{% block announce %}" + banner + "{% endblock %}\n"
    )


def not_found_override(drawing: Drawing) -> str:
    body = jinja_literal(drawing.draw(NOT_FOUND_BODY, None))
    return '{% extends "main.html" %}\n{% block content %}\n' + body + "{% endblock %}\n"


