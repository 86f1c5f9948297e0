"""The embeddable banner: ``/embed/banner.js`` and a ready-to-paste ``/embed/snippet.html``.

The organisation's main website is where most people look first, so it must
point to the dark site the moment an incident is live, without a redeploy of
that website. The snippet is a plain link (the fallback without JavaScript);
the script reads ``status.json`` across origins (``status.json`` is served
with ``Access-Control-Allow-Origin: *``, see :mod:`darksite.outputs.hosting`)
and replaces the link with the active incident's title and link, styled by
classes and CSS custom properties the host page can override.

``banner.js`` is a hand-written static file shipped in this package: no
bundler, no framework, at most 2 KB gzipped.
"""

from __future__ import annotations

from html import escape
from importlib.resources import files

from darksite.outputs.context import OutputContext
from darksite.outputs.writer import SiteWriter

EMBED_DIR = "embed"
SCRIPT_PATH = f"{EMBED_DIR}/banner.js"
SNIPPET_PATH = f"{EMBED_DIR}/snippet.html"
SCRIPT_ATTRIBUTES = 'crossorigin="anonymous" referrerpolicy="no-referrer"'
"""On the snippet's script tag: the request for the script carries no cookie of the host
(``crossorigin="anonymous"``: a CORS request without credentials, which needs the
``Access-Control-Allow-Origin`` the hosting files send) and no address of the host page
(``no-referrer``). The script fetches ``status.json`` the same way. A strict-CSP host adds
its own ``nonce="..."``; the banner's stylesheet then carries it (docs/outputs.md)."""
SCRIPT_BUDGET_BYTES = 2 * 1024
"""The script's ceiling, gzipped: it loads on every page of somebody else's website."""


def banner_script() -> str:
    """The text of ``banner.js`` as shipped in the package."""
    return files("darksite.outputs").joinpath("static/banner.js").read_text(encoding="utf-8")


def snippet(ctx: OutputContext) -> str:
    """The HTML to paste into the main website: a fallback link and the async script.

    With ``site_url`` set the URLs are absolute (the snippet lives on another
    site); without it they are root-relative and must be completed by hand.
    """
    home = escape(ctx.url(), quote=True)
    script = escape(ctx.url(SCRIPT_PATH), quote=True)
    name = escape(ctx.settings.site_name)
    return (
        f'<div data-darksite-banner><a href="{home}">{name}</a></div>\n'
        f'<script src="{script}" async {SCRIPT_ATTRIBUTES}></script>\n'
    )


def write_embed(writer: SiteWriter, ctx: OutputContext) -> None:
    writer.write_text(SCRIPT_PATH, banner_script())
    writer.write_text(SNIPPET_PATH, snippet(ctx))
