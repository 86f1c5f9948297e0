"""The ``notify:`` block of the plugin's options, as MkDocs config classes.

Kept with the rest of the MkDocs code (issue 10): :mod:`darksite.notify`
reads the validated values through :func:`darksite.notify.config.notify_settings`
and never imports MkDocs.
"""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from darksite.model import Severity
from darksite.notify.config import KINDS


class AudienceConfig(base.Config):
    kind = c.Choice(KINDS)
    """`email`, `webhook`, `slack` or `teams`."""
    internal = c.Type(bool, default=False)
    """Staff: sent first, before any public audience."""
    rehearsal = c.Type(bool, default=False)
    """Receives rehearsals (`--rehearsal`), with [REHEARSAL] in every subject."""
    recipients = c.Optional(c.Type(str))
    """Email: the CSV of recipients exported from your own list (docs/notify.md)."""
    severity = c.ListOfItems(c.Choice([s.value for s in Severity]), default=[])
    """Only incidents of these severities (default: all)."""
    affected = c.ListOfItems(c.Type(str), default=[])
    """Only incidents whose `affected:` mentions one of these (case-insensitive)."""
    rate = c.Optional(c.Type((int, float)))
    """Messages per second (defaults: email 100, webhook 10, Slack and Teams 1)."""
    connections = c.Type(int, default=2)
    """Email: parallel SMTP connections."""
    timeout = c.Type((int, float), default=30)
    """HTTP audiences: seconds to wait for an answer."""
    url_secret = c.Optional(c.Type(str))
    """Webhook, Slack, Teams: the name of the secret that holds the URL."""
    signing_secret = c.Optional(c.Type(str))
    """Webhook: the name of the secret that holds the HMAC-SHA256 key."""
    unsubscribe_url = c.Optional(c.Type(str))
    """Public email: the one-click unsubscribe link (`{email}` is filled in)."""
    unsubscribe_mailto = c.Optional(c.Type(str))
    """Public email: the unsubscribe address for `List-Unsubscribe`."""
    # Present only to refuse them with a clear message (see FORBIDDEN_LITERALS).
    password = c.Optional(c.Type(str))
    """Refused: a secret never goes in mkdocs.yml; name it with a `*_secret` key."""
    url = c.Optional(c.Type(str))
    """Refused: write `url_secret` with the name of the secret that holds the URL."""
    secret = c.Optional(c.Type(str))
    """Refused: name the secret with a `*_secret` key instead."""
    signing_key = c.Optional(c.Type(str))
    """Refused: write `signing_secret` with the name of the secret."""
    token = c.Optional(c.Type(str))
    """Refused: name the secret with a `*_secret` key instead."""
    webhook_url = c.Optional(c.Type(str))
    """Refused: write `url_secret` with the name of the secret that holds the URL."""


class SmtpConfig(base.Config):
    host = c.Type(str, default="localhost")
    """The SMTP server."""
    port = c.Type(int, default=25)
    """Its port (587 with `starttls`, 465 with `tls`)."""
    starttls = c.Type(bool, default=False)
    """Upgrade the connection with STARTTLS."""
    tls = c.Type(bool, default=False)
    """Connect with TLS from the start (port 465)."""
    username = c.Optional(c.Type(str))
    """The SMTP login."""
    password_secret = c.Optional(c.Type(str))
    """The name of the secret that holds the SMTP password."""
    timeout = c.Type((int, float), default=60)
    """Seconds to wait for each SMTP answer."""
    password = c.Optional(c.Type(str))
    """Refused: write `password_secret` with the name of the secret."""


class RetryConfig(base.Config):
    attempts = c.Type(int, default=5)
    """Tries per message (and for an unreachable server)."""
    backoff_seconds = c.Type((int, float), default=2)
    """The first wait between tries; it doubles each time, with jitter."""
    max_backoff_seconds = c.Type((int, float), default=60)
    """The longest wait between tries."""


class NotifyConfig(base.Config):
    from_address = c.Optional(c.Type(str))
    """The sender of every email: `Northwind Utilities <incidents@example.com>`."""
    reply_to = c.Optional(c.Type(str))
    """Where replies to the emails go."""
    subscribe_url = c.Optional(c.Type(str))
    """Your own list's sign-up page, linked from every incident page."""
    subscribe_text = c.Optional(c.Type(str))
    """The text of that link."""
    secrets_file = c.Optional(c.Type(str))
    """A file outside the repository with `NAME=value` secrets (else the environment)."""
    outbox = c.Type(str, default=".darksite-notify/outbox.sqlite")
    """The SQLite outbox that makes every message go out once."""
    publish_dir = c.Optional(c.Type(str))
    """The publish folder, so that only what is live is ever sent."""
    public_lead_minutes = c.Type((int, float), default=10)
    """Minutes between the internal and the public notifications."""
    smtp = c.SubConfig(SmtpConfig)
    """The SMTP server email audiences are sent through."""
    retry = c.SubConfig(RetryConfig)
    """How failed deliveries are tried again."""
    audiences = c.DictOfItems(c.SubConfig(AudienceConfig), default={})
    """Who hears about each publish, by name."""
