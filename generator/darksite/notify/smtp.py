"""The SMTP adapter: one connection, many messages, the final ``.`` held back.

Messages are sent one transaction after another on the same connection
(``MAIL``, ``RCPT``, ``DATA``): no new connection, greeting and TLS handshake
per message, which is what makes thousands a minute possible; a server that
offers ``PIPELINING`` gets the three commands in one write. Parallel
connections are the send loop's business (``connections:`` per audience).

SMTP's own guarantee is what exactly-once rests on: a server takes
responsibility for a message only when it answers ``250`` to the ``.`` that
ends DATA, and discards a transaction whose connection drops before that
``.`` (RFC 5321, 4.1.1.4 and 6.1). So the whole message is sent first,
*then* the outbox records ``sending`` (the point of no return), *then* the
``.`` goes. A process killed before that record leaves a message the server
threw away (sent again on the next run); killed after it, a message the
server almost surely has (not sent again). The window in which a kill loses
a message is the few microseconds between the commit and writing ``.``.
"""

from __future__ import annotations

import contextlib
import re
import smtplib
import socket
import ssl

from darksite.notify.config import SmtpServer
from darksite.notify.port import Delivery, EndpointDown, Outcome, PointOfNoReturn, Result
from darksite.notify.secrets import redact

_LEADING_DOT = re.compile(rb"(?m)^\.")


def _reply(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return redact(f"{code} {' '.join(words.split())}")[:300]


def _classify(code: int, text: bytes, stage: str) -> Result:
    detail = f"{stage}: {_reply(code, text)}"
    if 500 <= code < 600:
        return Result(Outcome.FAILED, detail)
    return Result(Outcome.RETRY, detail)


def _no_delay(sock: socket.socket | None) -> None:
    """Send small writes at once: the final "." follows the message in its own write, and
    Nagle's algorithm would hold it for the server's delayed ACK (40 ms a message)."""
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class SmtpSender:
    """Sends each :class:`Delivery` (an RFC 5322 message) over one SMTP connection."""

    idempotent = False

    def __init__(self, server: SmtpServer, password: str | None = None) -> None:
        self.server = server
        self.password = password
        self.conn: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        server = self.server
        where = f"{server.host}:{server.port}"
        try:
            if server.tls:
                conn: smtplib.SMTP = smtplib.SMTP_SSL(server.host, server.port,
                                                      timeout=server.timeout,
                                                      context=ssl.create_default_context())
            else:
                conn = smtplib.SMTP(server.host, server.port, timeout=server.timeout)
            _no_delay(conn.sock)
            conn.ehlo()
            if server.starttls:
                conn.starttls(context=ssl.create_default_context())
                conn.ehlo()
            if server.username:
                conn.login(server.username, self.password or "")
        except smtplib.SMTPAuthenticationError as error:
            raise EndpointDown(f"the SMTP server {where} refused the login for "
                               f"{server.username}: {_reply(error.smtp_code, error.smtp_error)}; "
                               "check notify.smtp.username and its password secret",
                               ) from None
        except (OSError, smtplib.SMTPException) as error:
            raise EndpointDown(f"cannot reach the SMTP server {where}: "
                               f"{redact(str(error) or type(error).__name__)}") from None
        self.conn = conn
        return conn

    def _drop(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(OSError):
                self.conn.close()
        self.conn = None

    def send(self, delivery: Delivery, point_of_no_return: PointOfNoReturn) -> Result:
        conn = self.conn or self._connect()
        passed = False
        try:
            refused = self._envelope(conn, delivery)
            if refused is not None:
                return refused
            data = _LEADING_DOT.sub(b"..", delivery.body)
            if not data.endswith(b"\r\n"):
                data += b"\r\n"
            conn.send(data)
            if not point_of_no_return():
                self._drop()  # the server discards a transaction without its final "."
                return Result(Outcome.SKIPPED, "superseded by a newer revision")
            passed = True
            conn.send(b".\r\n")
            code, text = conn.getreply()
        except (OSError, smtplib.SMTPException) as error:
            self._drop()
            reason = redact(str(error) or type(error).__name__)
            if passed:
                return Result(Outcome.UNCERTAIN, f"connection lost after the whole message was "
                                                 f"sent, before the server's answer: {reason}")
            if isinstance(error, smtplib.SMTPServerDisconnected | socket.timeout):
                return Result(Outcome.RETRY, f"connection lost: {reason}")
            return Result(Outcome.RETRY, reason)
        if code == 250:
            return Result(Outcome.SENT, _reply(code, text))
        if code == 421:
            self._drop()
        return _classify(code, text, "end of DATA")

    def _envelope(self, conn: smtplib.SMTP, delivery: Delivery) -> Result | None:
        """``MAIL``, ``RCPT`` and ``DATA`` up to the server's 354; a Result if it refused.

        With ``PIPELINING`` (RFC 2920), which nearly every relay offers, the
        three commands go in one write and their three answers are read
        after it: one round trip instead of three. Nothing here passes the
        point of no return, so a refusal at any step leaves the message
        certainly undelivered.
        """
        stages = ("MAIL FROM", f"RCPT TO <{delivery.recipient}>", "DATA")
        if not conn.has_extn("pipelining"):
            replies = [conn.mail(delivery.sender or "")]
            if replies[-1][0] == 250:
                replies.append(conn.rcpt(delivery.recipient))
                if replies[-1][0] in (250, 251):
                    conn.putcmd("data")
                    replies.append(conn.getreply())
        else:
            conn.send(f"MAIL FROM:{smtplib.quoteaddr(delivery.sender or '')}\r\n"
                      f"RCPT TO:{smtplib.quoteaddr(delivery.recipient)}\r\nDATA\r\n")
            replies = [conn.getreply(), conn.getreply(), conn.getreply()]
        expected = ((250,), (250, 251), (354,))
        for stage, (code, text), wanted in zip(stages, replies, expected, strict=False):
            if code not in wanted:
                if replies[-1][0] == 354:
                    self._drop()  # DATA was accepted anyway: hang up, the server discards it
                else:
                    conn.rset()
                return _classify(code, text, stage)
        return None

    def close(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self.conn.quit()
        self._drop()
