"""What ``darksite notify`` does, start to finish, and ``notify --status``.

1. read the ``notify:`` options, the notice (:mod:`.notice`: what is live,
   approved text only) and the audiences that want it (severity, affected,
   rehearsal);
2. read every secret and recipient list *before* anything is queued, so a
   missing password stops the command before any message exists;
3. record every message in the outbox (:meth:`Outbox.enqueue`), superseding
   unsent ones of older revisions; public audiences get a ``public_at`` of
   now plus the lead time (now with ``--public``);
4. under the send lock (one sending run per outbox; the kernel frees it if
   the run dies), settle what a dead run left, then send: internal audiences,
   then public ones if their time has come.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from darksite import clock
from darksite.notify.compose import (
    EmailComposer,
    json_bytes,
    message_key,
    notice_key,
    slack_payload,
    teams_payload,
    webhook_body,
)
from darksite.notify.config import Audience, NotifySettings, notify_settings
from darksite.notify.dispatch import AudienceRun, dispatch
from darksite.notify.errors import NotifyError
from darksite.notify.notice import Notice, published_notice
from darksite.notify.outbox import Outbox, Row, Target
from darksite.notify.port import Delivery, Sender
from darksite.notify.recipients import Recipient, read_recipients
from darksite.notify.secrets import SecretStore, redact

SEND_LOCK_TIMEOUT = 600.0


@dataclass
class NotifyReport:
    incident: str
    revision: str
    rehearsal: bool
    runs: list[AudienceRun] = field(default_factory=list)
    waiting: list[Audience] = field(default_factory=list)
    public_at: str | None = None
    skipped_rows: list[str] = field(default_factory=list)
    added: int = 0
    fatal: list[str] = field(default_factory=list)
    recovered: int = 0
    earlier_failed: int = 0
    earlier_uncertain: int = 0
    resent: int = 0
    """Uncertain messages made pending again on the operator's word (``--resend-uncertain``)."""
    not_uncertain: list[str] = field(default_factory=list)
    """Addresses given to ``--resend-to`` that had no uncertain message (nothing resent)."""

    @property
    def ok(self) -> bool:
        return not self.fatal and all(
            run.stopped is None and not run.counts.get("failed") and not run.counts.get(
                "uncertain") for run in self.runs)


def open_settings(config_file: str | Path | None) -> tuple[Any, NotifySettings]:
    from darksite.mkdocs.project import open_project

    project = open_project(config_file)
    return project, notify_settings(project.plugin_config.notify, project.settings.root)


def wants(audience: Audience, notice: Notice) -> bool:
    """Whether ``audience`` asked for this incident (severity, affected; rehearsal)."""
    if notice.rehearsal and not audience.rehearsal:
        return False
    if audience.severity and notice.severity not in audience.severity:
        return False
    if audience.affected:
        haystack = " ".join(notice.affected).lower()
        if not any(term.lower() in haystack for term in audience.affected):
            return False
    return True


@dataclass
class _Prepared:
    audience: Audience
    targets: list[Target]
    make_sender: Callable[[], Sender]
    idempotent: bool


def _prepare(audience: Audience, settings: NotifySettings, store: SecretStore,
             report: NotifyReport) -> _Prepared:
    from darksite.notify.http import HttpSender
    from darksite.notify.smtp import SmtpSender

    if audience.kind == "email":
        assert audience.recipients is not None
        listed = read_recipients(audience.recipients, settings_relative(settings, audience))
        report.skipped_rows += [row.format_text() for row in listed.skipped]
        password = (store.get(settings.smtp.password_secret, "notify.smtp.password_secret")
                    if settings.smtp.password_secret else None)
        server = settings.smtp
        targets = [Target(audience.name, audience.internal, r.key, r.email, r.name,
                          r.unsubscribe_url) for r in listed.recipients]
        return _Prepared(audience, targets, lambda: SmtpSender(server, password), False)
    url = store.get(audience.url_secret or "", f"audiences.{audience.name}.url_secret")
    key = (store.get(audience.signing_secret or "",
                     f"audiences.{audience.name}.signing_secret")
           if audience.kind == "webhook" else None)
    idempotent = audience.kind == "webhook"
    timeout = audience.timeout
    targets = [Target(audience.name, audience.internal, audience.name, audience.kind)]
    return _Prepared(audience, targets, lambda: HttpSender(
        audience.name, url, idempotent=idempotent, timeout=timeout, signing_key=key), idempotent)


def settings_relative(settings: NotifySettings, audience: Audience) -> str:
    path = audience.recipients
    assert path is not None
    try:
        return str(path.relative_to(settings.root))
    except ValueError:
        return str(path)


def _builder(audience: Audience, settings: NotifySettings,
             notices: dict[int, Notice]) -> Callable[[Row], Delivery]:
    composers: dict[int, EmailComposer] = {}

    def build(row: Row) -> Delivery:
        notice = notices[row.revision_id]
        key = message_key(audience.name, row.recipient, notice_key(notice))
        if audience.kind == "email":
            composer = composers.get(row.revision_id)
            if composer is None:
                composer = composers[row.revision_id] = EmailComposer(
                    notice, audience, settings.from_address or "", settings.reply_to)
            recipient = Recipient(row.address, row.name, row.unsubscribe)
            return Delivery(row.id, audience.name, row.address, key, composer.wire(recipient),
                            sender=composer.envelope_from)
        if audience.kind == "webhook":
            body = json_bytes(webhook_body(notice, audience, key))
        elif audience.kind == "slack":
            body = json_bytes(slack_payload(notice, audience))
        else:
            body = json_bytes(teams_payload(notice, audience))
        return Delivery(row.id, audience.name, audience.name, key, body)

    return build


def _send_lock(outbox: Path):
    from darksite.ops.locking import locked

    return locked(outbox.with_name(outbox.name + ".lock"), what=f"the outbox {outbox}",
                  timeout=SEND_LOCK_TIMEOUT)


def notify(config_file, incident_id: str, *, public: bool = False, rehearsal: bool = False,
           publish_dir: str | Path | None = None, resend_uncertain: bool = False,
           resend_to: Sequence[str] = (), started: float | None = None) -> NotifyReport:
    """Queue and send ``incident_id``'s published notice; see the module docstring."""
    from darksite.mkdocs.plugin_config import rehearsal_requested

    begin = started if started is not None else time.monotonic()
    project, settings = open_settings(config_file)
    rehearsal = rehearsal or rehearsal_requested(project.plugin_config)
    folder = Path(publish_dir).absolute() if publish_dir is not None else settings.publish_dir
    notice = published_notice(project, incident_id, rehearsal=rehearsal, publish_dir=folder)
    report = NotifyReport(incident=notice.incident_id, revision=notice.revision,
                          rehearsal=rehearsal)
    chosen = [a for a in settings.audiences if wants(a, notice)]
    if not settings.audiences:
        raise NotifyError("no audiences are configured: add notify.audiences to the darksite "
                          "plugin in mkdocs.yml (see docs/notify.md)")
    store = SecretStore(settings.secrets_file, settings.root)
    prepared = [_prepare(a, settings, store, report) for a in chosen]
    now = clock.now()
    public_at = now if public else now + timedelta(minutes=settings.public_lead_minutes)
    outbox = Outbox(settings.outbox)
    try:
        _, report.added = outbox.enqueue(notice, public_at.isoformat(timespec="seconds"),
                                         [t for p in prepared for t in p.targets])
        if public:
            outbox.release_public(notice.incident_id)
        with _send_lock(settings.outbox):
            report.recovered = outbox.recover({a.name for a in settings.audiences
                                               if a.kind == "webhook"})
            outbox.retry_failed(notice.incident_id)
            if resend_uncertain or resend_to:
                resent = outbox.resend_uncertain(notice.incident_id,
                                                 None if resend_uncertain else resend_to)
                report.resent = len(resent)
                report.not_uncertain = sorted(
                    {a for a in resend_to if a.strip().lower() not in
                     {r.lower() for r in resent}})
            report.public_at = outbox.public_at(notice.incident_id)
            public_open = (report.public_at is None
                           or datetime.fromisoformat(report.public_at) <= clock.now())
            runs = []
            notices: dict[int, Notice] = {}
            for item in prepared:
                audience = item.audience
                if not audience.internal and not public_open:
                    report.waiting.append(audience)
                    continue
                rows = outbox.pending(notice.incident_id, audience.name, rehearsal)
                for row in rows:
                    if row.revision_id not in notices:
                        notices[row.revision_id] = outbox.notice(row.revision_id)[0]
                runs.append(AudienceRun(audience=audience, rows=rows,
                                        build=_builder(audience, settings, notices),
                                        make_sender=item.make_sender))
            report.runs = runs
            fatal = dispatch(runs, settings.outbox, settings.retry, started=begin)
            report.fatal = [redact(str(error) or type(error).__name__) for error in fatal]
            earlier = outbox.settled_problems(notice.incident_id)
            report.earlier_failed = earlier.get("failed", 0) - sum(
                run.counts.get("failed", 0) for run in runs)
            report.earlier_uncertain = earlier.get("uncertain", 0) - sum(
                run.counts.get("uncertain", 0) for run in runs)
    finally:
        outbox.close()
    return report


@dataclass
class StatusLine:
    incident: str
    audience: str
    internal: bool
    counts: dict[str, int]


PROBLEMS_SHOWN = 20
"""Failed or uncertain messages ``notify --status`` lists when no incident is named."""


def status(config_file, incident_id: str | None = None) -> tuple[list[StatusLine], list[tuple],
                                                                 dict[str, str | None]]:
    """Per incident and audience: how many messages are in each state; the problem rows."""
    _, settings = open_settings(config_file)
    if not settings.outbox.exists():
        return [], [], {}
    outbox = Outbox(settings.outbox)
    try:
        lines: dict[tuple[str, str], StatusLine] = {}
        for incident, audience, internal, state, count in outbox.counts(incident_id):
            line = lines.setdefault((incident, audience),
                                    StatusLine(incident, audience, bool(internal), {}))
            line.counts[state] = count
        public = {incident: outbox.public_at(incident) for incident, _ in lines}
        # For one incident, every failed or uncertain address: the list an operator checks
        # against the relay's log before --resend-to; for all incidents, the first few.
        limit = -1 if incident_id else PROBLEMS_SHOWN
        return list(lines.values()), outbox.problems(incident_id, limit=limit), public
    finally:
        outbox.close()
