"""The sender port: what the send loop asks of any way of delivering a message.

The outbox and the send loop do not know SMTP or HTTP; they hand each
adapter a :class:`Delivery` (the wire bytes and who it is for) and a
``point_of_no_return`` callback, and get a :class:`Result` back. SMTP
(:mod:`.smtp`) is the default adapter; :mod:`.http` holds the webhook, Slack
and Teams adapters; a large sender (an email service's API, millions of
recipients) plugs in here with the same outbox (docs/notify.md).

The callback is the heart of "exactly once". An adapter calls it at the last
moment before the receiver can act on the message (SMTP: just before the
final ``.`` of DATA; HTTP: just before the last byte of the body). It
records "sending" in the outbox and returns False when the message must not
go (a newer revision superseded it): the adapter then abandons the
transaction, which the receiver discards. So:

- a failure *before* the callback means the message was certainly not
  delivered: it is retried (or, for a permanent refusal, reported);
- a failure *after* it, without the receiver's answer, is *uncertain*:
  the receiver may have it. Adapters whose receivers deduplicate
  (``idempotent``: webhooks, by their idempotency key) send it again;
  the others (SMTP, Slack, Teams) do not, and report it, because a second
  copy is not theirs to take back (docs/notify.md, "The uncertain window").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class Outcome(StrEnum):
    SENT = "sent"
    RETRY = "retry"  # not delivered, try again later (4xx, 5xx HTTP, 429, timeouts before PONR)
    FAILED = "failed"  # not delivered, never will be (SMTP 5xx: a bad address)
    UNCERTAIN = "uncertain"  # may have been delivered; see the module docstring
    SKIPPED = "skipped"  # the outbox said not to send (superseded) at the point of no return


@dataclass(frozen=True)
class Delivery:
    """One message on its way: the outbox row, the recipient, and the bytes to send."""

    row_id: int
    audience: str
    recipient: str
    key: str
    """Stable across retries: the Message-ID's local part, the webhook idempotency key."""
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()
    """HTTP headers (the webhook signature); empty for email."""
    sender: str | None = None
    """The SMTP envelope sender (MAIL FROM)."""


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    detail: str = ""


class EndpointDown(Exception):
    """The adapter cannot reach its server at all: the audience backs off, no message is charged."""


PointOfNoReturn = Callable[[], bool]


class Sender(Protocol):
    """One connection's worth of sending; the loop makes one per parallel connection."""

    idempotent: bool
    """Whether the receiver drops a repeat of the same key (then uncertain sends are retried)."""

    def send(self, delivery: Delivery, point_of_no_return: PointOfNoReturn) -> Result:
        """Deliver ``delivery``; call ``point_of_no_return`` first thing before it can count."""
        ...

    def close(self) -> None:
        ...
