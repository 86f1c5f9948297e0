"""One message per channel, from one :class:`~darksite.notify.notice.Notice`.

- **Email**: ``multipart/alternative`` with a plain-text part (the approved
  body, word for word) and an HTML part (the same words, escaped, links made
  clickable), built by the standard ``email`` package with ``policy=SMTP``
  (CRLF line ends, RFC 2047 encoded words for a subject or name that is not
  ASCII, folded headers). Each message has a stable ``Message-ID`` (the same
  on a retry, so a mail client can fold a repeat), ``List-Id``,
  ``List-Unsubscribe`` and, for an https link, ``List-Unsubscribe-Post:
  List-Unsubscribe=One-Click`` (RFC 8058), as large mailbox providers require
  of bulk senders, and ``Auto-Submitted: auto-generated`` (RFC 3834) so that
  out-of-office replies stay away.
- **Webhook**: the JSON body documented in docs/notify.md, with
  ``Idempotency-Key`` and ``X-Darksite-Signature: sha256=HMAC-SHA256(key,
  timestamp + "." + body)``.
- **Slack** (incoming webhook): ``text`` (the notification fallback) and Block
  Kit ``blocks`` (header, sections, context, a link button).
- **Teams** (incoming webhook or Workflows): a ``message`` with one Adaptive
  Card attachment.

A rehearsal puts ``[REHEARSAL]`` in front of every subject and header.
Internal audiences get one line before the text saying that they hear first.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import re
from email import quoprimime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from urllib.parse import quote

from darksite import clock
from darksite.notify.config import Audience
from darksite.notify.notice import Notice
from darksite.notify.recipients import Recipient

REHEARSAL_TAG = "[REHEARSAL]"
STAFF_NOTE = ("For staff: this is the text just published, sent to you before the public "
              "notifications. Please do not forward it.")
REHEARSAL_NOTE = "REHEARSAL: a practice message, not a real incident notice."
SIGNATURE_HEADER = "X-Darksite-Signature"
TIMESTAMP_HEADER = "X-Darksite-Timestamp"
IDEMPOTENCY_HEADER = "Idempotency-Key"
WEBHOOK_TYPE = "darksite.notice"
WEBHOOK_VERSION = 1
SLACK_HEADER_MAX = 150
SLACK_TEXT_MAX = 3000
_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)]")


def subject_line(notice: Notice) -> str:
    return f"{REHEARSAL_TAG} {notice.subject}" if notice.rehearsal else notice.subject


def message_key(audience: str, recipient: str, notice_key: str) -> str:
    """The stable identity of one message: Message-ID local part and idempotency key."""
    return hashlib.sha256(f"{audience}\0{recipient}\0{notice_key}".encode()).hexdigest()[:32]


def notice_key(notice: Notice) -> str:
    return f"{notice.incident_id}\0{notice.revision}\0{'rehearsal' if notice.rehearsal else 'live'}"


def _notes(notice: Notice, audience: Audience) -> list[str]:
    notes = []
    if notice.rehearsal:
        notes.append(REHEARSAL_NOTE)
    if audience.internal:
        notes.append(STAFF_NOTE)
    return notes


def unsubscribe_link(audience: Audience, recipient: Recipient) -> str | None:
    if recipient.unsubscribe_url:
        return recipient.unsubscribe_url
    if audience.unsubscribe_url:
        return audience.unsubscribe_url.replace("{email}", quote(recipient.email, safe=""))
    return None


def _html_paragraphs(text: str) -> str:
    blocks = [b for b in text.strip().split("\n\n") if b.strip()]
    out = []
    for block in blocks:
        lines = [_URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>',
                          html.escape(line, quote=False)) for line in block.splitlines()]
        out.append("<p>" + "<br>\n".join(lines) + "</p>")
    return "\n".join(out)


def _qp(text: str) -> bytes:
    """Quoted-printable of ``text`` (UTF-8), CRLF line ends; ``text`` ends with a newline.

    Quoted-printable is line by line, so the encodings of two texts that each
    end with a newline concatenate to the encoding of the two texts joined:
    the shared body is encoded once, the per-recipient footer alone.
    """
    return quoprimime.body_encode(text.encode("utf-8").decode("latin-1"),
                                  eol="\r\n").encode("ascii")


class EmailComposer:
    """Builds each recipient's email for one audience and one notice.

    Why not one ``EmailMessage`` per recipient: the email package takes about
    10 ms to serialise a multipart message, which caps a run at 100 messages
    a second. So the headers every recipient shares are serialised once by
    the email package (``policy=SMTP``: RFC 2047 encoded words, folding, CRLF),
    each recipient's own headers (``To``, ``Message-ID``, ``List-Unsubscribe``)
    are folded by the same policy, and the two text parts are encoded as
    quoted-printable once, with only the unsubscribe footer encoded per
    recipient. The result is an ordinary ``multipart/alternative`` message
    (the tests parse it back with the email package).
    """

    def __init__(self, notice: Notice, audience: Audience, from_address: str,
                 reply_to: str | None = None) -> None:
        self.notice = notice
        self.audience = audience
        self.domain = from_address.rsplit("@", 1)[-1].strip(" >") or "darksite.invalid"
        self.subject = subject_line(notice)
        self.key = notice_key(notice)
        self.envelope_from = Address(addr_spec=self._addr_spec(from_address)).addr_spec
        self.boundary = "darksite-" + hashlib.sha256(self.key.encode()).hexdigest()[:24]
        shared = EmailMessage(policy=SMTP)
        shared["From"] = from_address
        shared["Subject"] = self.subject
        shared["Date"] = format_datetime(clock.now())
        if reply_to:
            shared["Reply-To"] = reply_to
        shared["List-Id"] = f"{audience.name} <{audience.name}.{self.domain}>"
        shared["Auto-Submitted"] = "auto-generated"
        shared["X-Darksite-Incident"] = notice.incident_id
        shared["X-Darksite-Revision"] = notice.revision
        shared["MIME-Version"] = "1.0"
        shared["Content-Type"] = f'multipart/alternative; boundary="{self.boundary}"'
        self.shared_headers = shared.as_bytes(policy=SMTP).split(b"\r\n\r\n", 1)[0] + b"\r\n"
        notes = _notes(notice, audience)
        plain = "".join(note + "\n\n" for note in notes) + notice.text.rstrip("\n") + "\n"
        rich = "".join(f"<p><strong>{html.escape(n)}</strong></p>\n" for n in notes) \
            + _html_paragraphs(notice.text) + "\n"
        self.html_open = _qp(
            f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{html.escape(self.subject)}</title></head>\n<body>\n{rich}")
        self.html_close = _qp("</body></html>\n")
        self.plain = _qp(plain)
        self.part_head = {
            kind: (f"--{self.boundary}\r\nContent-Type: text/{kind}; charset=\"utf-8\"\r\n"
                   "Content-Transfer-Encoding: quoted-printable\r\n\r\n").encode("ascii")
            for kind in ("plain", "html")}

    @staticmethod
    def _addr_spec(text: str) -> str:
        match = re.search(r"<([^>]+)>", text)
        return (match.group(1) if match else text).strip()

    def message_id(self, recipient: Recipient) -> str:
        return f"<{message_key(self.audience.name, recipient.key, self.key)}@{self.domain}>"

    @staticmethod
    def _fold(name: str, value: str) -> bytes:
        return SMTP.header_factory(name, value).fold(policy=SMTP).encode("ascii")

    def wire(self, recipient: Recipient) -> bytes:
        """The whole message for ``recipient``, as bytes ready for SMTP DATA."""
        audience, notice = self.audience, self.notice
        own = [self._fold("To", str(Address(display_name=recipient.name,
                                            addr_spec=recipient.email))),
               self._fold("Message-ID", self.message_id(recipient))]
        unsubscribe = unsubscribe_link(audience, recipient)
        targets = [f"<{unsubscribe}>"] if unsubscribe else []
        if audience.unsubscribe_mailto:
            targets.append(f"<mailto:{audience.unsubscribe_mailto}?subject=unsubscribe>")
        plain_tail = rich_tail = b""
        if targets:
            own.append(self._fold("List-Unsubscribe", ", ".join(targets)))
            if unsubscribe and unsubscribe.startswith("https://"):
                own.append(b"List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n")
            where = unsubscribe or f"mailto:{audience.unsubscribe_mailto}"
            why = f"You receive this because you asked {notice.organisation} for incident updates."
            plain_tail = _qp(f"\n-- \n{why}\nUnsubscribe: {where}\n")
            rich_tail = _qp(f'<hr>\n<p>{html.escape(why)} '
                            f'<a href="{html.escape(where)}">Unsubscribe</a>.</p>\n')
        return b"".join([
            self.shared_headers, *own, b"\r\n",
            self.part_head["plain"], self.plain, plain_tail, b"\r\n",
            self.part_head["html"], self.html_open, rich_tail, self.html_close, b"\r\n",
            f"--{self.boundary}--\r\n".encode("ascii"),
        ])


def webhook_body(notice: Notice, audience: Audience, key: str) -> dict:
    """The documented JSON body of a webhook notification (docs/notify.md)."""
    latest = ({"at": notice.latest_update_at, "text": notice.latest_update}
              if notice.latest_update is not None else None)
    return {
        "type": WEBHOOK_TYPE,
        "version": WEBHOOK_VERSION,
        "idempotency_key": key,
        "audience": audience.name,
        "internal": audience.internal,
        "rehearsal": notice.rehearsal,
        "revision": notice.revision,
        "incident": {
            "id": notice.incident_id, "title": notice.title, "status": notice.status,
            "severity": notice.severity, "url": notice.url, "summary": notice.summary,
            "affected": list(notice.affected), "started_at": notice.started_at,
            "resolved_at": notice.resolved_at, "last_updated": notice.last_updated,
            "next_update": notice.next_update, "latest_update": latest,
        },
        "message": {"subject": subject_line(notice), "text": notice.text},
    }


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex>``: HMAC-SHA256 with ``secret`` over ``timestamp``, ``.`` and the body."""
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body,
                      hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def json_bytes(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _facts(notice: Notice) -> list[tuple[str, str]]:
    facts = [("Status", notice.status), ("Severity", notice.severity)]
    if notice.last_updated:
        facts.append(("Last updated", notice.last_updated))
    if notice.next_update:
        facts.append(("Next update by", notice.next_update))
    return facts


def slack_payload(notice: Notice, audience: Audience) -> dict:
    """A Slack incoming-webhook message: fallback ``text`` plus Block Kit ``blocks``."""
    subject = subject_line(notice)
    notes = _notes(notice, audience)
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": _cut(subject, SLACK_HEADER_MAX),
                                    "emoji": False}},
    ]
    if notes:
        blocks.append({"type": "context", "elements": [
            {"type": "mrkdwn", "text": _cut(_slack_escape(" ".join(notes)), SLACK_TEXT_MAX)}]})
    blocks.append({"type": "section", "text": {
        "type": "mrkdwn", "text": _cut(_slack_escape(notice.summary), SLACK_TEXT_MAX)}})
    if notice.latest_update:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": _cut(
            f"*Latest update* ({notice.latest_update_at}):\n"
            + _slack_escape(notice.latest_update), SLACK_TEXT_MAX)}})
    blocks.append({"type": "context", "elements": [
        {"type": "mrkdwn", "text": _slack_escape(f"{name}: {value}")}
        for name, value in _facts(notice)]})
    blocks.append({"type": "actions", "elements": [{
        "type": "button", "text": {"type": "plain_text", "text": "Full statement and updates"},
        "url": notice.url, "action_id": "darksite-open"}]})
    return {"text": _cut(f"{subject}: {notice.summary} {notice.url}", SLACK_TEXT_MAX),
            "blocks": blocks}


def teams_payload(notice: Notice, audience: Audience) -> dict:
    """A Teams message with one Adaptive Card (incoming webhook and Workflows both take it)."""
    body: list[dict] = [
        {"type": "TextBlock", "text": subject_line(notice), "size": "Large",
         "weight": "Bolder", "wrap": True, "style": "heading"},
    ]
    for note in _notes(notice, audience):
        body.append({"type": "TextBlock", "text": note, "wrap": True, "isSubtle": True})
    body.append({"type": "TextBlock", "text": notice.summary, "wrap": True})
    if notice.latest_update:
        body.append({"type": "TextBlock", "text": f"Latest update ({notice.latest_update_at}): "
                     f"{notice.latest_update}", "wrap": True})
    body.append({"type": "FactSet", "facts": [{"title": name, "value": value}
                                              for name, value in _facts(notice)]})
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard", "version": "1.4", "body": body,
        "actions": [{"type": "Action.OpenUrl", "title": "Full statement and updates",
                     "url": notice.url}],
    }
    return {"type": "message", "attachments": [{
        "contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None,
        "content": card}]}
