"""``rehearse``: the whole site, drafts included, served locally with live reload.

This is MkDocs' own development server (``mkdocs.commands.serve.serve``):
it builds into a temporary folder, serves it, and rebuilds and reloads the
browser when a watched file changes. darksite only asks for a rehearsal
build, through the :data:`~darksite.settings.REHEARSAL_ENV` environment
variable that the plugin reads on every rebuild (drafts, the REHEARSAL
banner, ``noindex``, each incident's warnings on its page), and adds
``incidents/`` and the theme overrides to what is watched (``site_src/`` and
``mkdocs.yml`` are watched by MkDocs itself).

A rehearsal is served, never published: nothing here writes to the
publish folder.

The reply desk rehearses too (issue 17): every comments file in the
project's ``replies/`` folder, named after its incident
(``replies/<id>.jsonl`` or ``replies/<id>.csv``), and every one given with
``--replies [ID=]FILE``, is served as that incident's reply queue at
``/replies/<id>/`` (with a list at ``/replies/``), marked REHEARSAL and
``noindex``. The queue is built on each request from the files as they are
then (a fresh export or an edited FAQ shows on reload), from memory: it is
never written into the site, so it cannot be published.
"""

from __future__ import annotations

import os
from pathlib import Path

from darksite.api import check_incidents, require_valid
from darksite.errors import ConfigError, InvalidIncidentsError
from darksite.ops.signals import stop_on_sigterm
from darksite.settings import PUBLIC_SITE_URL_ENV, REHEARSAL_ENV

ADDRESS_EXAMPLE = "-a 127.0.0.1:8000"
REPLIES_DIR = "replies"
"""The project folder whose ``<incident-id>.jsonl``/``.csv`` files rehearse serves as queues."""
COMMENT_SUFFIXES = (".jsonl", ".csv")


def checked_address(dev_addr: str, *, origin: str = "-a") -> tuple[str, int]:
    """(host, port) of ``HOST:PORT`` as MkDocs reads it, or a ConfigError saying what to write.

    Checked before anything is built, so that a typo costs no build and
    leaves no traceback (Python refuses a port above 65535 with an
    OverflowError, deep inside the server).
    """
    import ipaddress

    advice = (f"write an IP address and a port, like {ADDRESS_EXAMPLE} (this machine only) "
              "or -a 0.0.0.0:8000 (every interface)")
    host, colon, port_text = dev_addr.strip().rpartition(":")
    if not colon:
        raise ConfigError(f"{origin} {dev_addr}: Must be a string of format 'IP:PORT': {advice}")
    host = host.strip("[]")
    if host != "localhost":  # what MkDocs' IpAddress option accepts, checked with the stdlib
        try:
            ipaddress.ip_address(host)
        except ValueError as error:
            raise ConfigError(f"{origin} {dev_addr}: {error}: {advice}") from None
    try:
        port = int(port_text)
    except ValueError:
        raise ConfigError(f"{origin} {dev_addr}: {port_text!r} is not a valid port: {advice}"
                          ) from None
    if not 1 <= port <= 65535:
        raise ConfigError(
            f"{origin} {dev_addr}: port {port} does not exist: use a port from 1 to 65535, "
            f"like {ADDRESS_EXAMPLE}"
        )
    return host, port


def refuse_address_in_use(host: str, port: int, shown: str) -> None:
    """Fail at once, before the build, when another program already listens there."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise ConfigError(
                f"the rehearsal cannot start on {shown}: {error.strerror or error} (is another "
                f"server using that address? stop it, or choose another with {ADDRESS_EXAMPLE})"
            ) from None


def rehearsal_url(dev_addr: str | None, config_dev_addr: object) -> str:
    if dev_addr:
        host, _, port = dev_addr.rpartition(":")
    else:
        host, port = config_dev_addr.host, config_dev_addr.port  # type: ignore[attr-defined]
    return f"http://{host}:{port}/"


def reply_sources(root: Path, given: list[str] | tuple[str, ...] = ()) -> dict[str, Path]:
    """Incident id -> comments file: ``replies/<id>.jsonl|csv``, then each ``[ID=]FILE`` given.

    A file given without ``ID=`` is named after its incident. A missing file
    is refused before anything is built, in one line that says what to write.
    """
    sources: dict[str, Path] = {}
    folder = root / REPLIES_DIR
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix in COMMENT_SUFFIXES and path.is_file():
                sources[path.stem] = path
    for item in given:
        incident_id, equals, name = item.partition("=")
        path = Path(name if equals else item)
        incident_id = incident_id if equals else path.stem
        if not path.is_file():
            raise ConfigError(f"--replies {item}: no such file: give a comments file (JSON Lines "
                              "or CSV), as FILE named after its incident or as ID=FILE")
        sources[incident_id] = path
    return sources


def reply_pages(project, sources: dict[str, Path]) -> dict[str, object]:
    """Path -> page renderer for each queue and for the list at ``/replies/``.

    Each queue is checked once here (unknown incident, unreadable file: a
    ConfigError before the server starts); on a request a later problem
    (an export half-written) shows as its one-line message on the page,
    and the server keeps running.
    """
    import html

    from darksite.errors import DarksiteError

    def queue_page(incident_id: str, path: Path) -> str:
        try:
            return _queue_html(project, incident_id, path)
        except DarksiteError as error:
            return _message_page(f"Reply queue for {incident_id}", str(error))

    pages: dict[str, object] = {}
    for incident_id, path in sources.items():
        try:
            _queue_html(project, incident_id, path)
        except DarksiteError as error:
            raise ConfigError(f"the rehearsal cannot serve the replies in {path}: {error}"
                              ) from None
        pages[f"/{REPLIES_DIR}/{incident_id}/"] = (
            lambda i=incident_id, p=path: queue_page(i, p))
    if pages:
        items = "".join(f'<li><a href="{html.escape(i)}/">{html.escape(i)}</a> '
                        f"(from <code>{html.escape(str(p))}</code>)</li>"
                        for i, p in sources.items())
        pages[f"/{REPLIES_DIR}/"] = lambda: _message_page(
            "Reply queues", f"<ul>{items}</ul>", raw=True)
    return pages


def _queue_html(project, incident_id: str, path: Path) -> str:
    from darksite.ops.incidents import IncidentFolder, read_text, require_valid_text
    from darksite.render.markdown import MarkdownRenderer
    from darksite.replies.comments import read_comments
    from darksite.replies.desk import build_queue
    from darksite.replies.page import html_page

    settings = project.settings
    folder = IncidentFolder.from_settings(settings)
    incident_path = folder.find(incident_id)
    file = folder.relative(incident_path)
    incident, _ = require_valid_text(folder, read_text(incident_path, file), file=file,
                                     refused="no reply queue")
    renderer = MarkdownRenderer(project.config.markdown_extensions, project.config.mdx_configs,
                                allow_html=settings.allow_html)
    queue = build_queue(incident, read_comments(path), settings.incident_url(incident.id),
                        render=renderer.render, lang=settings.lang)
    return html_page(queue, settings.incident_url(incident.id), settings.lang, rehearsal=True)


def _message_page(title: str, body: str, raw: bool = False) -> str:
    import html

    text = body if raw else f"<p>{html.escape(body)}</p>"
    return ("<!doctype html>\n<html><head><meta charset=\"utf-8\">"
            '<meta name="robots" content="noindex, nofollow">'
            f"<title>{html.escape(title)}</title></head><body>"
            '<p role="note"><strong>REHEARSAL - NOT PUBLIC</strong>: for the reply desk, '
            f"never published.</p><h1>{html.escape(title)}</h1>{text}</body></html>\n")


def rehearse(config_file: str | Path | None = None, dev_addr: str | None = None,
             announce=print, replies: list[str] | tuple[str, ...] = ()) -> None:
    """Serve a rehearsal of the project until interrupted (Ctrl+C or SIGTERM)."""
    from darksite.mkdocs.project import open_project
    from darksite.pipeline.port import DEFAULT_RENDERER, adapter_module

    if dev_addr:
        host, port = checked_address(dev_addr)
    os.environ[REHEARSAL_ENV] = "1"
    project = open_project(config_file)
    if not dev_addr:
        host, port = project.config.dev_addr.host, project.config.dev_addr.port
        checked_address(f"{host}:{port}", origin="dev_addr in mkdocs.yml:")
    refuse_address_in_use(host, port, f"{host}:{port}")
    try:
        require_valid(check_incidents(project.settings))
    except InvalidIncidentsError as error:
        raise InvalidIncidentsError(f"the rehearsal cannot start: {error}",
                                    error.diagnostics) from None
    config_path = str(Path(project.config.config_file_path).resolve())
    watch = [str(project.settings.incidents_dir)]
    custom_dir = project.config.theme.custom_dir
    if custom_dir:
        watch.append(str(Path(custom_dir).resolve()))
    os.environ[PUBLIC_SITE_URL_ENV] = project.settings.site_url or ""
    sources = reply_sources(Path(config_path).parent, replies)
    pages = reply_pages(project, sources)
    stop_on_sigterm()
    url = rehearsal_url(dev_addr, project.config.dev_addr)
    announce(
        f"Rehearsal at {url} "
        "(drafts included, marked REHEARSAL, never published). Ctrl+C to stop."
    )
    for incident_id in sources:
        announce(f"Reply queue for {incident_id} at {url}{REPLIES_DIR}/{incident_id}/")
    # MkDocs' development server, in the MkDocs adapter (the only place that imports MkDocs).
    serve = adapter_module(DEFAULT_RENDERER).serve_project
    if pages:
        serve(Path(config_path), watch, dev_addr, pages)
    else:
        serve(Path(config_path), watch, dev_addr)
