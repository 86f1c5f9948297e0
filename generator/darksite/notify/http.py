"""The HTTP adapters: signed webhooks, Slack and Teams incoming webhooks.

One keep-alive connection per adapter; each POST is written whole but for
its last byte, then the point of no return is recorded, then the last byte
goes: a receiver cannot act on a body it has not fully read, so a run killed
before the record sends the message again, and one killed after it has
handed the message over (see :mod:`.port`).

- ``webhook`` is *idempotent*: every body carries an ``Idempotency-Key``
  (also in the JSON) and is signed (``X-Darksite-Signature``), so an
  uncertain send is simply sent again and the receiver drops the repeat;
- ``slack`` and ``teams`` have no such key: an uncertain send is reported,
  never repeated.

A 2xx answer is delivered; 408, 429 and 5xx are tried again with back-off;
any other 4xx (a revoked webhook URL, a payload refused) is a permanent
failure, reported. The URL is a secret: no message names it.
"""

from __future__ import annotations

import http.client
import socket
import ssl
from urllib.parse import urlsplit

from darksite import clock
from darksite.notify.compose import (
    IDEMPOTENCY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    signature,
)
from darksite.notify.errors import NotifyConfigError
from darksite.notify.port import Delivery, EndpointDown, Outcome, PointOfNoReturn, Result
from darksite.notify.secrets import redact

RETRY_STATUSES = frozenset({408, 425, 429})


class HttpSender:
    """POSTs JSON to one URL; ``signing_key`` adds the webhook signature headers."""

    def __init__(self, audience: str, url: str, *, idempotent: bool, timeout: float = 30.0,
                 signing_key: str | None = None) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise NotifyConfigError(f"audience {audience}: its URL secret does not hold an "
                                    "http(s) URL (the value is not shown)")
        self.audience = audience
        self.parts = parts
        self.host: str = parts.hostname
        self.path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self.idempotent = idempotent
        self.timeout = timeout
        self.signing_key = signing_key
        self.conn: http.client.HTTPConnection | None = None

    def _connect(self) -> http.client.HTTPConnection:
        parts = self.parts
        try:
            if parts.scheme == "https":
                conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                    self.host, parts.port, timeout=self.timeout,
                    context=ssl.create_default_context())
            else:
                conn = http.client.HTTPConnection(self.host, parts.port,
                                                  timeout=self.timeout)
            conn.connect()
            conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError as error:
            raise EndpointDown(f"cannot reach the {self.audience} endpoint: "
                               f"{redact(error.strerror or str(error))}") from None
        self.conn = conn
        return conn

    def _drop(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.conn = None

    def send(self, delivery: Delivery, point_of_no_return: PointOfNoReturn) -> Result:
        conn = self.conn or self._connect()
        body = delivery.body
        passed = False
        try:
            conn.putrequest("POST", self.path, skip_accept_encoding=True)
            conn.putheader("Content-Type", "application/json; charset=utf-8")
            conn.putheader("Content-Length", str(len(body)))
            conn.putheader("User-Agent", "darksite-notify")
            if self.idempotent:
                conn.putheader(IDEMPOTENCY_HEADER, delivery.key)
            if self.signing_key is not None:
                stamp = str(int(clock.now().timestamp()))
                conn.putheader(TIMESTAMP_HEADER, stamp)
                conn.putheader(SIGNATURE_HEADER, signature(self.signing_key, stamp, body))
            conn.endheaders()
            conn.send(body[:-1])
            if not point_of_no_return():
                self._drop()
                return Result(Outcome.SKIPPED, "superseded by a newer revision")
            passed = True
            conn.send(body[-1:])
            response = conn.getresponse()
            answer = response.read(300).decode("utf-8", "replace")
            if response.will_close:
                self._drop()
        except (OSError, http.client.HTTPException) as error:
            self._drop()
            reason = redact(str(error) or type(error).__name__)
            if isinstance(error, socket.timeout):
                reason = f"no answer within {self.timeout:g} s"
            if passed:
                return Result(Outcome.UNCERTAIN, f"sent, but no answer: {reason}")
            return Result(Outcome.RETRY, reason)
        detail = redact(f"HTTP {response.status} {' '.join(answer.split())}")[:300]
        if 200 <= response.status < 300:
            return Result(Outcome.SENT, detail)
        if response.status in RETRY_STATUSES or response.status >= 500:
            return Result(Outcome.RETRY, detail)
        return Result(Outcome.FAILED, detail)

    def close(self) -> None:
        self._drop()
