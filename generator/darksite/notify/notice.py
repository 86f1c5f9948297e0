"""What a notification says: the incident as it was just published, approved text only.

Where the words come from, and why: a notification must say exactly what the
live page says, so the texts are written by the same code as the site's
channel texts (:mod:`darksite.outputs.channels`: the approved email subject
and body, which an incident's ``channels:`` may override word for word),
from the incident file *as the live release was built from it*:

- the incident must be public (``active`` or ``resolved``) and its approval
  current: a draft, or text changed since sign-off, is refused;
- when the publish folder is known (``--to DIR``, ``notify.publish_dir``, or
  ``publish --notify``), the file must be byte for byte the one the live
  release's manifest records, so a later, unpublished edit is never sent;
- ``internal:`` notes are never read (the channel texts do not use them).

A rehearsal may use a draft scenario (that is what rehearsals are for); it
goes only to audiences marked ``rehearsal: true``, with ``[REHEARSAL]`` in
every subject (:mod:`.compose`).

The :attr:`Notice.revision` is a digest of everything a message carries: the
same published text gives the same revision, so running ``notify`` again
sends nothing new, and any published change makes a new revision that
supersedes the unsent rest of the old one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from darksite.errors import IncidentNotFoundError
from darksite.model import Incident, Status
from darksite.notify.errors import NotifyError


@dataclass(frozen=True, kw_only=True)
class Notice:
    """The published facts and texts of one incident at one revision."""

    incident_id: str
    title: str
    status: str
    severity: str
    url: str
    summary: str
    affected: tuple[str, ...]
    started_at: str | None
    resolved_at: str | None
    last_updated: str | None
    latest_update_at: str | None
    latest_update: str | None
    next_update: str | None
    subject: str
    text: str
    organisation: str
    rehearsal: bool = False

    @property
    def revision(self) -> str:
        data = asdict(self)
        data.pop("rehearsal")
        return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False)
                              .encode("utf-8")).hexdigest()[:20]

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Notice:
        data: dict[str, Any] = json.loads(text)
        data["affected"] = tuple(data.get("affected") or ())
        return cls(**data)


def _iso(moment) -> str | None:
    return moment.isoformat() if moment is not None else None


def find_incident(incidents: tuple[Incident, ...], incident_id: str) -> Incident:
    for incident in incidents:
        if incident.id == incident_id:
            return incident
    known = ", ".join(sorted(i.id for i in incidents)) or "none"
    raise IncidentNotFoundError(f"no incident with id '{incident_id}'; known ids: {known}")


def _approval_refusal(path: Path, shown: str) -> str | None:
    """Why the file's approval does not cover its text, or None when it does."""
    from darksite.ops.approval import approval_state

    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as error:
        return f"{shown}: cannot read it again ({error})"
    if root is None:
        return f"{shown} is empty: there is no approved text to send"
    state = approval_state(root)
    if state.approval is None:
        return (f"{shown} has never been approved: notifications carry approved text only. "
                "Run darksite approve ID --by NAME first")
    if state.changed:
        return (f"{shown}: approved by {state.approval.by} at {state.approval.at}, but changed "
                f"since ({', '.join(state.changed)}): have it approved again "
                "(darksite approve ID --by NAME), publish, then notify")
    return None


def _published_check(path: Path, incident: Incident, publish_dir: Path, shown: str) -> None:
    """Refuse unless the live release in ``publish_dir`` was built from this very file."""
    from darksite.ops.manifest import read_manifest
    from darksite.ops.releases import PublishDir

    target = PublishDir(publish_dir)
    live = target.current_name()
    if live is None:
        raise NotifyError(f"nothing is published in {publish_dir} yet: run darksite publish "
                          f"--to {publish_dir} first (or publish --notify)")
    manifest = read_manifest(target.root, live)
    if manifest is None:
        raise NotifyError(f"{publish_dir}: the live release {live} has no manifest, so what it "
                          "was built from is unknown: publish again, then notify")
    record = next((r for r in manifest.incidents if r.id == incident.id), None)
    if record is None or not record.is_public:
        raise NotifyError(f"{incident.id} is not public in the live release {live}: publish it "
                          "first, then notify")
    if hashlib.sha256(path.read_bytes()).hexdigest() != record.sha256:
        raise NotifyError(
            f"{shown} changed since the live release {live} was published: notifications say "
            "only what is live. Publish the change first (darksite publish --to DIR --notify)")


def published_notice(project, incident_id: str, *, rehearsal: bool = False,
                     publish_dir: Path | None = None) -> Notice:
    """The :class:`Notice` of ``incident_id`` as published; see the module docstring."""
    from darksite import api
    from darksite.outputs.channels import ChannelWriter
    from darksite.outputs.context import OutputContext
    from darksite.render.markdown import MarkdownRenderer

    settings = project.settings
    report = api.require_valid(api.check_incidents(settings))
    incident = find_incident(report.incidents, incident_id)
    path = settings.root / incident.source
    shown = incident.source
    if not rehearsal:
        if not incident.is_public:
            raise NotifyError(
                f"{shown} is a {incident.status.value}: only active and resolved incidents are "
                "notified (a rehearsal may use a draft: darksite notify ID --rehearsal)")
        refusal = _approval_refusal(path, shown)
        if refusal:
            raise NotifyError(refusal)
        if publish_dir is not None:
            _published_check(path, incident, publish_dir, shown)
    renderer = MarkdownRenderer(project.config.markdown_extensions, project.config.mdx_configs,
                                allow_html=settings.allow_html)
    ctx = OutputContext.for_settings(settings, renderer)
    writer = ChannelWriter(incident, ctx)
    latest = incident.latest_update
    return Notice(
        incident_id=incident.id, title=incident.title, status=incident.status.value,
        severity=incident.severity.value, url=writer.url, summary=incident.summary,
        affected=tuple(incident.affected), started_at=_iso(incident.started_at),
        resolved_at=_iso(incident.resolved_at), last_updated=_iso(incident.last_updated),
        latest_update_at=_iso(latest.at) if latest else None,
        latest_update=ctx.text(latest.text).strip() if latest else None,
        next_update=_iso(incident.next_update) if incident.status is Status.ACTIVE else None,
        subject=writer.text("email_subject"), text=writer.text("email_body"),
        organisation=settings.organisation.name, rehearsal=rehearsal,
    )
