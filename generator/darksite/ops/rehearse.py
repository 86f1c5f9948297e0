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
"""

from __future__ import annotations

import os
from pathlib import Path

from darksite.api import check_incidents, require_valid
from darksite.errors import ConfigError, InvalidIncidentsError
from darksite.ops.signals import stop_on_sigterm
from darksite.settings import PUBLIC_SITE_URL_ENV, REHEARSAL_ENV

ADDRESS_EXAMPLE = "-a 127.0.0.1:8000"


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


def rehearse(config_file: str | Path | None = None, dev_addr: str | None = None,
             announce=print) -> None:
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
    stop_on_sigterm()
    announce(
        f"Rehearsal at {rehearsal_url(dev_addr, project.config.dev_addr)} "
        "(drafts included, marked REHEARSAL, never published). Ctrl+C to stop."
    )
    # MkDocs' development server, in the MkDocs adapter (the only place that imports MkDocs).
    adapter_module(DEFAULT_RENDERER).serve_project(Path(config_path), watch, dev_addr)
