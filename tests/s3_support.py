"""A real S3 protocol server on loopback (moto's standalone server), a TCP proxy in front of
it that can slow or cut connections, and a reader that follows links in a bucket.

The proxy is how the tests drop a connection in the middle of an upload:
:meth:`Proxy.cut_after` closes every connection, mid-request, once so many
bytes went to the server, and refuses new ones from then on.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from posixpath import dirname, normpath
from typing import Any
from urllib.parse import urlsplit

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
               "AWS_DEFAULT_REGION": "us-east-1"}


@contextlib.contextmanager
def moto_server() -> Iterator[str]:
    """moto's S3 server on 127.0.0.1, a free port; yields its URL. Credentials are set."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    saved = {name: os.environ.get(name) for name in CREDENTIALS}
    os.environ.update(CREDENTIALS)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def client(url: str) -> Any:
    import boto3

    return boto3.client("s3", endpoint_url=url, region_name="us-east-1")


class Proxy:
    """A loopback TCP proxy to ``upstream`` (host, port); optionally slow; can be cut."""

    def __init__(self, upstream: str, *, delay: float = 0.0) -> None:
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.delay = delay
        self.sent = 0
        self.limit: int | None = None
        self.cut = threading.Event()
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def cut_after(self, more_bytes: int) -> None:
        """Drop everything once ``more_bytes`` more bytes went upstream."""
        with self._lock:
            self.limit = self.sent + more_bytes

    def close(self) -> None:
        self.cut.set()
        with contextlib.suppress(OSError):
            self.listener.close()
        with self._lock:
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                with contextlib.suppress(OSError):
                    sock.close()

    def _accept(self) -> None:
        while not self.cut.is_set():
            try:
                downstream, _ = self.listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.upstream)
            except OSError:
                downstream.close()
                continue
            with self._lock:
                self._sockets += [downstream, upstream]
            threading.Thread(target=self._pipe, args=(downstream, upstream, True),
                             daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, downstream, False),
                             daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, counted: bool) -> None:
        try:
            while not self.cut.is_set():
                data = source.recv(16384)
                if not data:
                    break
                if counted:
                    with self._lock:
                        self.sent += len(data)
                        over = self.limit is not None and self.sent >= self.limit
                    if over:
                        sink.sendall(data[: len(data) // 2])  # half a chunk: mid-request
                        self.close()
                        return
                    if self.delay:
                        time.sleep(self.delay)
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def site_key(page: str, link: str) -> str | None:
    """The object a link on ``page`` (a key) leads to, or None if it leaves the site."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("#", "mailto:", "tel:", "data:")):
        return None
    path = parts.path
    if not path:
        return None
    key = normpath(path.lstrip("/")) if path.startswith("/") else normpath(
        f"{dirname(page)}/{path}" if dirname(page) else path)
    if path.endswith("/") or key in (".", ""):
        key = "index.html" if key in (".", "") else f"{key}/index.html"
    return key


def broken_links(s3: Any, bucket: str, prefix: str) -> list[str]:
    """What a reader starting at the home pages finds broken in the bucket right now.

    Follows every link from ``index.html``, ``lite/index.html`` and
    ``404.html`` through the pages that exist; returns ``page -> missing key``
    for each link to an object that is not there.
    """
    keys = set()
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        keys |= {item["Key"][len(prefix):] for item in page.get("Contents", [])}
    queue = [key for key in ("index.html", "lite/index.html", "404.html") if key in keys]
    seen, broken = set(queue), []
    while queue:
        page = queue.pop()
        try:
            body = s3.get_object(Bucket=bucket, Key=prefix + page)["Body"].read()
        except Exception:  # deleted between the listing and now: not reachable any more
            continue
        parser = _Links()
        parser.feed(body.decode("utf-8", "replace"))
        for link in parser.links:
            key = site_key(page, link)
            if key is None:
                continue
            if key not in keys:
                broken.append(f"{page} -> {key}")
            elif key.endswith(".html") and key not in seen:
                seen.add(key)
                queue.append(key)
    return broken
