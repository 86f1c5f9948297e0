"""Hosting hints written into the built site: ``_headers`` and ``nginx-darksite.conf``.

A dark site is quiet for years and then, within minutes, the most visited page
the organisation has. Caching decides whether it stays up: HTML, feeds and
``status.json`` may be cached for about a minute (then served stale while a
fresh copy is fetched, and for a day if the origin fails), so that a CDN
absorbs the load yet an update reaches readers quickly; mkdocs-material's
hashed assets (the name changes when the content does) are cached for a year
as ``immutable``. Every response, the 404 page included, carries
``Access-Control-Allow-Origin: *``: the site is public and sets no cookie,
and the banner script, Statuspage widgets (``/api/v2/summary.json``) and
feed readers on other origins must be able to read every JSON file, feed and
script, and an error as an error rather than as a CORS failure.

``_headers`` is read by Netlify and Cloudflare Pages. Both apply every rule
whose path matches and, for a header set by two rules, combine or override
in ways that differ between them, so the rules here never overlap on
``Cache-Control``: they are generated from the built site's own top-level
files and folders, and list each hashed asset by name.
"""

from __future__ import annotations

import re
from pathlib import Path

from darksite.outputs.precompress import is_precompressed_copy
from darksite.outputs.writer import SiteWriter

HEADERS_PATH = "_headers"
NGINX_PATH = "nginx-darksite.conf"

SHORT_CACHE = "public, max-age=60, stale-while-revalidate=300, stale-if-error=86400"
"""HTML, feeds, JSON: fresh within a minute; stale copies keep the site up under load."""

IMMUTABLE_CACHE = "public, max-age=31536000, immutable"
"""Hashed assets: their URL changes whenever their content does."""

ASSET_CACHE = "public, max-age=86400"
"""Assets without a hash in the name (images, search language files): a day."""

HASHED_ASSET = re.compile(r"\.[0-9a-f]{8}\.min\.(?:js|css)(?:\.map)?$")
"""mkdocs-material's hashed names: ``bundle.a5f9d56c.min.js``, ``main.57a0d79d.min.css``."""

HASHED_ASSET_NGINX = r"^/assets/.+\.[0-9a-f]{8}\.min\.(?:js|css)(?:\.map)?$"

CORS_FILES = ("status.json", "feed.xml")
"""Top-level files whose ``Content-Type`` the hosts are told (CORS is on every path: ``/*``)."""

CORS_RULE = "/*"
"""The one rule that sets ``Access-Control-Allow-Origin``, on every URL and the 404 page.

One rule only: a header set by two matching rules is sent twice, joined with
a comma (``*, *``), which browsers reject as no CORS header at all.
"""

HIDDEN_FILES = (HEADERS_PATH, NGINX_PATH)
"""The hosting files themselves: nginx refuses to serve them."""

MAX_HEADER_RULES = 100
"""Cloudflare Pages reads at most 100 rules; past this, the rules fall back to ``/*``."""

INCIDENT_FEEDS_RULE = "/:id/feed.xml"
"""One placeholder rule (both hosts support ``:name``) for every incident's feed."""

CONTENT_TYPES = {"status.json": "application/json; charset=utf-8",
                 "feed.xml": "application/atom+xml; charset=utf-8"}


def hashed_assets(site_dir: Path) -> list[str]:
    """Site paths (``/assets/...``) of every hashed asset in the built site, sorted."""
    assets = site_dir / "assets"
    if not assets.is_dir():
        return []
    return sorted(
        "/" + path.relative_to(site_dir).as_posix()
        for path in assets.rglob("*")
        if path.is_file() and HASHED_ASSET.search(path.name)
    )


def _rule(path: str, headers: dict[str, str]) -> str:
    lines = [path] + [f"  {name}: {value}" for name, value in headers.items()]
    return "\n".join(lines)


def _precompressed_copy(name: str, names: set[str]) -> bool:
    """Whether ``name`` is a ``.gz`` that precompression made beside its file: the full build
    writes these rules before that (so its ``_headers`` never names them), the fast path of
    ``publish`` after, in a copy of a release that has them."""
    return is_precompressed_copy(Path(name)) and name[:-len(".gz")] in names


def headers_file(site_dir: Path) -> str:
    """The ``_headers`` text for the site as it stands in ``site_dir``."""
    short = {"Cache-Control": SHORT_CACHE, "X-Content-Type-Options": "nosniff"}
    rules: list[str] = []
    names = {p.name for p in site_dir.iterdir()}
    entries = sorted(p for p in site_dir.iterdir() if p.name not in HIDDEN_FILES
                     and p.name != "assets" and not p.name.startswith(".")
                     and not _precompressed_copy(p.name, names))
    per_path = [(f"/{p.name}/*" if p.is_dir() else f"/{p.name}") for p in entries]
    has_feeds = any(site_dir.glob("*/feed.xml"))
    assets = hashed_assets(site_dir)
    cors = _rule(CORS_RULE, {"Access-Control-Allow-Origin": "*"})
    if 2 + len(per_path) + int(has_feeds) + len(assets) <= MAX_HEADER_RULES:
        rules.append(cors)
        rules.append(_rule("/", short))
        for path in per_path:
            name = path.strip("/")
            extra: dict[str, str] = {}
            if name in CORS_FILES:
                extra = {"Content-Type": CONTENT_TYPES[name]}
            rules.append(_rule(path, {**short, **extra}))
        if has_feeds:  # under /<id>/*, which sets Cache-Control: add only what feeds need
            rules.append(_rule(INCIDENT_FEEDS_RULE, {"Content-Type": CONTENT_TYPES["feed.xml"]}))
        rules.extend(_rule(asset, {"Cache-Control": IMMUTABLE_CACHE}) for asset in assets)
    else:
        # Too many rules for Cloudflare: one short rule for everything (assets included).
        rules.append(_rule(CORS_RULE, {**short, "Access-Control-Allow-Origin": "*"}))
    header = (
        "# darksite: response headers for Netlify and Cloudflare Pages.\n"
        "# Generated on every build from the built site; edit mkdocs.yml, not this file.\n"
        "# Rules never overlap on Cache-Control (the two hosts merge overlaps differently).\n"
    )
    return header + "\n\n".join(rules) + "\n"


def nginx_snippet() -> str:
    """An nginx snippet to ``include`` inside the ``server {}`` block that serves the site."""
    short = f'add_header Cache-Control "{SHORT_CACHE}" always;'
    nosniff = "add_header X-Content-Type-Options nosniff always;"
    cors = 'add_header Access-Control-Allow-Origin "*" always;'
    return f"""\
# darksite: nginx rules for the built dark site (generated on every build).
#
# Include it inside the server block that serves the site, after its root:
#
#     server {{
#         listen 443 ssl;
#         server_name status.example.com;
#         root /srv/darksite/current;
#         include /srv/darksite/current/nginx-darksite.conf;
#     }}
#
# The http block must include mime.types, as Debian's nginx.conf does.

gzip on;
gzip_static on;  # publish writes page.html.gz beside page.html: sent as is, no CPU per request
gzip_vary on;
gzip_comp_level 6;
gzip_min_length 256;
gzip_proxied any;
gzip_types text/css text/plain text/xml application/javascript application/json
           application/atom+xml application/xml image/svg+xml;
charset utf-8;
charset_types text/css text/plain text/xml application/javascript application/json
              application/atom+xml application/xml;

index index.html;
absolute_redirect off;  # /id -> /id/ with a relative Location, right behind any proxy
error_page 404 /404.html;

# The hosting files themselves are not part of the site.
location = /{HEADERS_PATH} {{ return 404; }}
location = /{NGINX_PATH} {{ return 404; }}

# Every location sends CORS (a location with its own add_header drops the server's):
# the site is public and sets no cookie, and the banner, Statuspage widgets and feed
# readers on other origins must read every JSON file, feed, script and 404 page.

# mkdocs-material's hashed assets: the name changes when the content does.
location ~ "{HASHED_ASSET_NGINX}" {{
    add_header Cache-Control "{IMMUTABLE_CACHE}" always;
    {cors}
    {nosniff}
}}

# Other assets (images, search language files): a day.
location /assets/ {{
    add_header Cache-Control "{ASSET_CACHE}" always;
    {cors}
    {nosniff}
}}

# Every JSON file: status.json, the Statuspage API under /api/v2/, the search index.
location ~ "\\.json$" {{
    {short}
    {cors}
    {nosniff}
}}

# Atom feeds, site-wide and per incident.
location ~ "/feed\\.xml$" {{
    types {{ }}
    default_type application/atom+xml;  # charset added by charset_types above
    {short}
    {cors}
    {nosniff}
}}

# Pages (full and lite), the 404 page, sitemap, robots.txt, the banner script.
# No try_files: nginx's static module serves a file, a folder's index.html, or the 404 page,
# with no internal redirect per request, and redirects /id to /id/ (relative links work).
location / {{
    {short}
    {cors}
    {nosniff}
}}
"""


def write_hosting(writer: SiteWriter, site_dir: Path) -> None:
    """Write both files; call last, once every other file of the site is in place."""
    writer.write_text(NGINX_PATH, nginx_snippet())
    writer.write_text(HEADERS_PATH, headers_file(site_dir))
