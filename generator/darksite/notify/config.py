"""The ``notify:`` options of the darksite plugin in ``mkdocs.yml``, and their plain values.

Example (every key is documented in docs/notify.md)::

    plugins:
      - darksite:
          notify:
            from_address: Northwind Utilities <incidents@example.com>
            subscribe_url: https://lists.example.com/northwind/subscribe
            secrets_file: /etc/darksite/notify.secrets
            public_lead_minutes: 10
            smtp: {host: smtp.example.com, port: 587, starttls: true,
                   username: incidents, password_secret: SMTP_PASSWORD}
            audiences:
              staff: {kind: email, internal: true, rehearsal: true,
                      recipients: /var/lib/darksite/staff.csv}
              customers: {kind: email, recipients: /var/lib/darksite/customers.csv,
                          severity: [critical, major]}
              monitoring: {kind: webhook, url_secret: MONITORING_URL,
                           signing_secret: MONITORING_KEY}

The MkDocs option classes give the usual short messages for a wrong type;
:func:`notify_settings` adds what they cannot check (a secret written where
only its name belongs, a missing recipients file) and never repeats a value
that may be a secret.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from darksite.notify.errors import NotifyConfigError

KINDS = ("email", "webhook", "slack", "teams")
DEFAULT_RATE = {"email": 100.0, "webhook": 10.0, "slack": 1.0, "teams": 1.0}
"""Messages per second per audience: Slack allows one a second per incoming webhook."""

FORBIDDEN_LITERALS = ("password", "url", "secret", "signing_key", "token", "webhook_url")
"""Keys that would hold a secret itself; only ``*_secret`` names of secrets are allowed."""


@dataclass(frozen=True, kw_only=True)
class Audience:
    """One named audience, as the send loop uses it."""

    name: str
    kind: str
    internal: bool = False
    rehearsal: bool = False
    recipients: Path | None = None
    severity: frozenset[str] = frozenset()
    affected: tuple[str, ...] = ()
    rate: float = 100.0
    connections: int = 2
    timeout: float = 30.0
    url_secret: str | None = None
    signing_secret: str | None = None
    unsubscribe_url: str | None = None
    unsubscribe_mailto: str | None = None

    @property
    def label(self) -> str:
        return f"{self.name} ({'internal' if self.internal else 'public'}, {self.kind})"


@dataclass(frozen=True, kw_only=True)
class SmtpServer:
    host: str = "localhost"
    port: int = 25
    starttls: bool = False
    tls: bool = False
    username: str | None = None
    password_secret: str | None = None
    timeout: float = 60.0


@dataclass(frozen=True, kw_only=True)
class Retry:
    attempts: int = 5
    backoff_seconds: float = 2.0
    max_backoff_seconds: float = 60.0


@dataclass(frozen=True, kw_only=True)
class NotifySettings:
    """Everything ``darksite notify`` needs from mkdocs.yml, with paths made absolute."""

    root: Path
    from_address: str | None = None
    reply_to: str | None = None
    subscribe_url: str | None = None
    secrets_file: str | None = None
    outbox: Path
    publish_dir: Path | None = None
    public_lead_minutes: float = 10.0
    smtp: SmtpServer = field(default_factory=SmtpServer)
    retry: Retry = field(default_factory=Retry)
    audiences: tuple[Audience, ...] = ()


def _where(*keys: str) -> str:
    return "mkdocs.yml: plugins.darksite.notify." + ".".join(keys)


INSTEAD = {"password": "password_secret", "url": "url_secret", "webhook_url": "url_secret",
           "secret": "signing_secret", "signing_key": "signing_secret", "token": "url_secret"}


def _refuse_literals(config: Any, keys: tuple[str, ...], where: tuple[str, ...]) -> None:
    for key in keys:
        if config.get(key) is not None:
            raise NotifyConfigError(
                f"{_where(*where, key)}: a secret must never be written in mkdocs.yml (its value "
                "is not shown here). Remove it, put the value in an environment variable or in "
                f"the notify.secrets_file outside the repository, and write {INSTEAD[key]}: NAME "
                "instead")


def _path(root: Path, value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else (root / path)


def notify_settings(config: Any, root: Path) -> NotifySettings:
    """The plain settings of ``config``; :class:`NotifyConfigError` for what MkDocs cannot check."""
    smtp = config.smtp
    _refuse_literals(smtp, ("password",), ("smtp",))
    audiences = []
    for name, options in (config.audiences or {}).items():
        _refuse_literals(options, FORBIDDEN_LITERALS, ("audiences", name))
        kind = options.kind
        if kind == "email" and not options.recipients:
            raise NotifyConfigError(
                f"{_where('audiences', name)}: an email audience needs recipients: PATH, a CSV "
                "with an 'email' column (see docs/notify.md, 'Recipients')")
        if kind != "email" and not options.url_secret:
            raise NotifyConfigError(
                f"{_where('audiences', name)}: a {kind} audience needs url_secret: NAME, the "
                "environment variable (or secrets_file entry) that holds its URL")
        if kind == "webhook" and not options.signing_secret:
            raise NotifyConfigError(
                f"{_where('audiences', name)}: a webhook audience needs signing_secret: NAME, "
                "the key its receiver checks the HMAC-SHA256 signature with")
        if kind == "email" and not options.internal and not (
                options.unsubscribe_url or options.unsubscribe_mailto):
            raise NotifyConfigError(
                f"{_where('audiences', name)}: a public email audience needs unsubscribe_url "
                "(your list's unsubscribe page; {email} is replaced by the address) or "
                "unsubscribe_mailto, for the List-Unsubscribe header mailbox providers require")
        rate = float(options.rate) if options.rate is not None else DEFAULT_RATE[kind]
        if rate <= 0 or options.connections < 1:
            raise NotifyConfigError(
                f"{_where('audiences', name)}: rate and connections must be positive")
        audiences.append(Audience(
            name=name, kind=kind, internal=options.internal, rehearsal=options.rehearsal,
            recipients=_path(root, options.recipients) if options.recipients else None,
            severity=frozenset(options.severity), affected=tuple(options.affected),
            rate=rate, connections=options.connections if kind == "email" else 1,
            timeout=float(options.timeout),
            url_secret=options.url_secret, signing_secret=options.signing_secret,
            unsubscribe_url=options.unsubscribe_url,
            unsubscribe_mailto=options.unsubscribe_mailto,
        ))
    if any(a.kind == "email" for a in audiences) and not config.from_address:
        raise NotifyConfigError(
            f"{_where('from_address')}: email audiences need a sender, e.g. "
            "from_address: Northwind Utilities <incidents@example.com>")
    retry = config.retry
    return NotifySettings(
        root=root, from_address=config.from_address, reply_to=config.reply_to,
        subscribe_url=config.subscribe_url, secrets_file=config.secrets_file,
        outbox=_path(root, config.outbox),
        publish_dir=_path(root, config.publish_dir) if config.publish_dir else None,
        public_lead_minutes=float(config.public_lead_minutes),
        smtp=SmtpServer(host=smtp.host, port=smtp.port, starttls=smtp.starttls, tls=smtp.tls,
                        username=smtp.username, password_secret=smtp.password_secret,
                        timeout=float(smtp.timeout)),
        retry=Retry(attempts=max(1, retry.attempts), backoff_seconds=float(retry.backoff_seconds),
                    max_backoff_seconds=float(retry.max_backoff_seconds)),
        audiences=tuple(audiences),
    )
