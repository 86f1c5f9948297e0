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


class EmailComposer:
    """Builds each recipient's email for one audience and one notice.

    The parts every recipient shares (the texts, the HTML) are made once;
    per recipient only the headers change.
    """

    def __init__(self, notice: Notice, audience: Audience, from_address: str,
                 reply_to: str | None = None) -> None:
        self.notice = notice
        self.audience = audience
        self.from_address = from_address
        self.reply_to = reply_to
        self.domain = from_address.rsplit("@", 1)[-1].strip(" >") or "darksite.invalid"
        self.subject = subject_line(notice)
        notes = _notes(notice, audience)
        self.plain_head = "".join(note + "\n\n" for note in notes) + notice.text.rstrip("\n")
        self.html_head = "".join(f"<p><strong>{html.escape(n)}</strong></p>\n" for n in notes) \
            + _html_paragraphs(notice.text)
        self.key = notice_key(notice)
        self.date = format_datetime(clock.now())
        self.envelope_from = Address(addr_spec=self._addr_spec(from_address)).addr_spec

    @staticmethod
    def _addr_spec(text: str) -> str:
        match = re.search(r"<([^>]+)>", text)
        return (match.group(1) if match else text).strip()

    def message_id(self, recipient: Recipient) -> str:
        return f"<{message_key(self.audience.name, recipient.key, self.key)}@{self.domain}>"

    def compose(self, recipient: Recipient) -> EmailMessage:
        notice, audience = self.notice, self.audience
        message = EmailMessage(policy=SMTP)
        message["From"] = self.from_address
        message["To"] = Address(display_name=recipient.name, addr_spec=recipient.email)
        message["Subject"] = self.subject
        message["Date"] = self.date
        message["Message-ID"] = self.message_id(recipient)
        if self.reply_to:
            message["Reply-To"] = self.reply_to
        message["List-Id"] = f"{audience.name} <{audience.name}.{self.domain}>"
        unsubscribe = unsubscribe_link(audience, recipient)
        targets = [f"<{unsubscribe}>"] if unsubscribe else []
        if audience.unsubscribe_mailto:
            targets.append(f"<mailto:{audience.unsubscribe_mailto}?subject=unsubscribe>")
        plain, rich = self.plain_head, self.html_head
        if targets:
            message["List-Unsubscribe"] = ", ".join(targets)
            if unsubscribe and unsubscribe.startswith("https://"):
                message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
            where = unsubscribe or f"mailto:{audience.unsubscribe_mailto}"
            plain += (f"\n\n--\nYou receive this because you asked {notice.organisation} for "
                      f"incident updates. Unsubscribe: {where}")
            rich += (f'\n<hr>\n<p>You receive this because you asked '
                     f'{html.escape(notice.organisation)} for incident updates. '
                     f'<a href="{html.escape(where)}">Unsubscribe</a>.</p>')
        message["Auto-Submitted"] = "auto-generated"
        message["X-Darksite-Incident"] = notice.incident_id
        message["X-Darksite-Revision"] = notice.revision
        message.set_content(plain + "\n")
        lang = "en"
        message.add_alternative(
            f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{html.escape(self.subject)}</title></head>\n<body>\n{rich}\n</body></html>\n",
            subtype="html")
        return message

    def wire(self, recipient: Recipient) -> bytes:
        return self.compose(recipient).as_bytes(policy=SMTP)


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
