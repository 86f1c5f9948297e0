"""What the notify tests and the benchmark share: real receivers on loopback and a project.

- :class:`MailSink`: a real SMTP server (aiosmtpd) on 127.0.0.1 that records
  every message it accepts (Message-ID, envelope, bytes); it can answer 550
  for chosen addresses, wait before answering DATA (a slow server), cut the
  connection after the final "." (the uncertain window), and offers
  ``PIPELINING`` unless told not to.
- :class:`HookReceiver`: a real HTTP server (``http.server``) on 127.0.0.1
  that checks each webhook's HMAC-SHA256 signature, drops repeats of an
  idempotency key, and can answer 500 or hang for chosen requests.
- :func:`notify_project`: a project with an approved active incident and
  audiences pointing at those receivers.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope

HOOK_SECRET = "whsec-test-0f9e8d7c6b5a"
SMTP_PASSWORD = "smtp-pass-9a8b7c6d5e"
FROM = "Testwind Utilities <incidents@testwind.example>"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Handler:
    def __init__(self, sink: MailSink) -> None:
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope: Envelope, address: str, options):
        if address in self.sink.reject:
            return "550 5.1.1 no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_EHLO(self, server, session, envelope: Envelope, hostname: str,
                          responses: list[str]) -> list[str]:
        session.host_name = hostname
        if self.sink.pipelining:  # aiosmtpd reads pipelined commands in order; it just
            responses.insert(-1, "250-PIPELINING")  # does not say so by itself
        return responses

    async def handle_DATA(self, server, session, envelope: Envelope) -> str:
        import asyncio

        if self.sink.delay:
            await asyncio.sleep(self.sink.delay)
        data = envelope.original_content or b""
        drop = self.sink.drop_after_dot
        if drop is None or drop == "kept":
            self.sink.record(envelope.mail_from, list(envelope.rcpt_tos), data)
        if drop is not None:
            self.sink.drop_after_dot = None  # once: the next connection is served normally
            server.transport.abort()  # the final "." arrived; its answer never leaves
        return "250 2.0.0 queued"


class MailSink:
    """A real SMTP server on loopback that keeps what it accepted."""

    def __init__(self, *, reject: set[str] | None = None, delay: float = 0.0,
                 log: Path | None = None, password: str | None = None,
                 pipelining: bool = True) -> None:
        self.reject = reject or set()
        self.delay = delay
        self.pipelining = pipelining
        self.drop_after_dot: str | None = None
        """``"kept"`` or ``"lost"``: the next message's connection is cut after its final
        "." with no answer, the message kept (a relay that queued it) or not."""
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.ids: list[str] = []
        self.lock = threading.Lock()
        self.log = log.open("a", encoding="utf-8") if log else None
        self.port = free_port()
        auth: dict[str, Any] = {}
        if password is not None:
            from aiosmtpd.smtp import AuthResult

            def check(server, session, envelope, mechanism, data) -> AuthResult:
                ok = data.password.decode() == password
                return AuthResult(success=ok, handled=False)

            auth = {"authenticator": check, "auth_require_tls": False}
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port,
                                     data_size_limit=10_000_000, **auth)

    def record(self, mail_from: str, rcpt: list[str], data: bytes) -> None:
        head = data.split(b"\r\n\r\n", 1)[0]
        message_id = ""
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"message-id:"):
                message_id = line.split(b":", 1)[1].strip().decode()
        with self.lock:
            self.messages.append((mail_from, rcpt, data))
            self.ids.append(message_id)
            if self.log:  # the server's received log: one line a message, "<rcpts> <id>"
                self.log.write(f"{','.join(rcpt)} {message_id}\n")
                self.log.flush()

    def duplicates(self) -> dict[str, int]:
        return {k: n for k, n in Counter(self.ids).items() if n > 1}

    def parsed(self, index: int = 0):
        return message_from_bytes(self.messages[index][2], policy=policy.SMTP)

    def __enter__(self) -> MailSink:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()
        if self.log:
            self.log.close()


class HookReceiver:
    """A real HTTP endpoint that verifies darksite's webhook signature.

    ``plan`` maps a request number (from 0) to ``"500"`` or ``"hang"``;
    ``kind`` ``webhook`` checks signatures and idempotency keys, ``slack`` /
    ``teams`` only record the JSON.
    """

    def __init__(self, *, kind: str = "webhook", secret: str = HOOK_SECRET,
                 plan: Mapping[int, str] | None = None, hang: float = 3.0) -> None:
        self.kind = kind
        self.secret = secret
        self.plan = dict(plan or {})
        self.hang = hang
        self.requests = 0
        self.bad: list[str] = []
        self.accepted: dict[str, dict] = {}
        self.repeats = 0
        self.bodies: list[dict] = []
        self.headers: list[dict[str, str]] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                with receiver.lock:
                    number = receiver.requests
                    receiver.requests += 1
                action = receiver.plan.get(number)
                if action == "hang":
                    time.sleep(receiver.hang)
                    self.close_connection = True
                    return
                if action == "late":  # processed, but the answer comes too late
                    receiver.receive(dict(self.headers), body)
                    time.sleep(receiver.hang)
                    self._answer(200, b"ok")
                    return
                if action == "500":
                    self._answer(500, b"try later")
                    return
                receiver.receive(dict(self.headers), body)
                self._answer(200, b"ok")

            def _answer(self, code: int, text: bytes) -> None:
                self.send_response(code)
                self.send_header("Content-Length", str(len(text)))
                self.end_headers()
                self.wfile.write(text)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/darksite?t=x"

    def receive(self, headers: dict[str, str], body: bytes) -> None:
        data = json.loads(body)
        with self.lock:
            self.bodies.append(data)
            self.headers.append(headers)
            if self.kind != "webhook":
                return
            stamp = headers.get("X-Darksite-Timestamp", "")
            expected = "sha256=" + hmac.new(self.secret.encode(), stamp.encode() + b"." + body,
                                            hashlib.sha256).hexdigest()
            if not hmac.compare_digest(expected, headers.get("X-Darksite-Signature", "")):
                self.bad.append("bad signature")
                return
            key = headers.get("Idempotency-Key", "")
            if key != data.get("idempotency_key"):
                self.bad.append("key header and body differ")
            if key in self.accepted:
                self.repeats += 1
                if self.accepted[key] != data:
                    self.bad.append("same key, different body")
                return
            self.accepted[key] = data

    def __enter__(self) -> HookReceiver:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def write_recipients(path: Path, count: int, *, prefix: str = "person",
                     extra_rows: str = "") -> list[str]:
    """A CRM-style export: ``email,name`` and ``count`` rows; returns the addresses."""
    addresses = [f"{prefix}{n:05d}@example.org" for n in range(count)]
    lines = ["email,name"] + [f"{a},Person {n}" for n, a in enumerate(addresses)]
    path.write_text("\n".join(lines) + "\n" + extra_rows, encoding="utf-8")
    return addresses


def notify_options(smtp_port: int, audiences: Mapping[str, Any], **extra: Any) -> dict:
    options: dict[str, Any] = {
        "from_address": FROM,
        "subscribe_url": "https://lists.testwind.example/subscribe",
        "public_lead_minutes": 10,
        "smtp": {"host": "127.0.0.1", "port": smtp_port, "timeout": 10},
        "retry": {"attempts": 3, "backoff_seconds": 0.05, "max_backoff_seconds": 0.2},
        "audiences": dict(audiences),
    }
    options.update(extra)
    return options


def approve_and_publish(root: Path, incident_id: str, publish: bool = False) -> None:
    """``darksite approve`` (and ``publish --to public``) in ``root``, as a user runs them."""
    import os

    from darksite.cli import main

    here = os.getcwd()
    os.chdir(root)
    try:
        assert main(["approve", incident_id, "--by", "Dana Reyes"]) == 0
        if publish:
            assert main(["publish", "--to", "public"]) == 0
    finally:
        os.chdir(here)


def run_cli(root: Path, *args: str) -> int:
    import os

    from darksite.cli import main

    here = os.getcwd()
    os.chdir(root)
    try:
        return main(list(args))
    finally:
        os.chdir(here)


Check = Callable[[dict], list[str]]
