"""Format rules that span several keys: what a single field's spec cannot say.

These are structural rules of the file format (a public incident needs a start
time, updates run oldest first, no placeholder survives activation), so they
are errors, unlike :mod:`darksite.checks`, which judges message quality.
"""

from __future__ import annotations

import re
from datetime import datetime

import yaml

from darksite import site_names
from darksite.diagnostics import Severity
from darksite.model import (
    PLACEHOLDER_PATTERN,
    ActionStatus,
    Contact,
    ContactKind,
    Incident,
    Status,
)
from darksite.validation import is_https_url
from darksite.yaml_source import Source, TreeIndex

# Used with fullmatch: "$" would also accept a trailing newline.
PHONE_RE = re.compile(r"\+[0-9][0-9 ]{3,}")
EMAIL_RE = re.compile(r"[^@\s<>()\[\],;:\"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
LOOSE_PLACEHOLDER_RE = re.compile(r"\{\{.*?\}\}")


def check_incident(incident: Incident, stem: str, source: Source, now: datetime) -> None:
    """Every cross-key rule of the format for one fully read incident."""
    _id_matches_file(incident, stem, source)
    if incident.is_public:
        _public_requirements(incident, source)
    _resolution(incident, source)
    _actions(incident, source)
    _updates(incident, source, now)
    for index, contact in enumerate(incident.contacts):
        _contact_value(incident, index, contact, source)
    _reply_lines(incident, source)
    _self_hosted_video(incident, source)


def _self_hosted_video(incident: Incident, source: Source) -> None:
    """A video from another host brings its player, cookies and tracking: refused."""
    person = incident.spokesperson
    if person is not None and person.video is not None and "://" in person.video.src:
        _error(incident, source, "spokesperson.video.src", "video-not-self-hosted",
               "the video must be a file on this site, not a link to another host",
               "put the file under the docs folder (e.g. site_src/media/statement.mp4) and set "
               "src: media/statement.mp4")


def check_placeholders(index: TreeIndex, public: bool, source: Source, text: str) -> None:
    """No ``{{ }}`` anywhere in a public file; drafts may only use well-formed ones.

    Works on the raw scalars that hold ``{{``, so it also covers ``internal``
    notes and keys.
    """
    for node in index.braces:
        value = str(node.value)
        path = index.path_of(node)
        if public:
            names = ", ".join(sorted({m.strip("{} ") for m in LOOSE_PLACEHOLDER_RE.findall(value)}))
            source.error(_mark_of(source, text, node, "{{"), "placeholder", path,
                         f"unfilled placeholder {{{{ {names or '?'} }}}} in a public incident",
                         "fill it with darksite activate --set NAME=VALUE, or edit the text")
            continue
        for match in LOOSE_PLACEHOLDER_RE.finditer(value):
            if not PLACEHOLDER_PATTERN.fullmatch(match.group(0)):
                source.error(_mark_of(source, text, node, match.group(0)),
                             "malformed-placeholder", path,
                             f"'{match.group(0)}' is not a valid placeholder",
                             "a placeholder is {{ name }} with letters, digits and _ only")


def docs_paths(incident: Incident) -> list[str]:
    """Files under the docs folder that the incident refers to (their existence is a rule)."""
    person = incident.spokesperson
    if person is None:
        return []
    paths = [person.photo] if person.photo else []
    if person.video is not None:
        paths.append(person.video.captions)
        if person.video.poster:
            paths.append(person.video.poster)
        if "://" not in person.video.src:
            paths.append(person.video.src)
    return paths


def _mark_of(source: Source, text: str, node: yaml.Node, needle: str) -> yaml.Mark:
    """Where ``needle`` stands inside a (possibly multi-line) scalar, for an exact line."""
    start, end = node.start_mark, node.end_mark
    offset = text.find(needle, start.index, end.index)
    if offset < 0:
        return start
    return source.mark_at(offset)


def _id_matches_file(incident: Incident, stem: str, source: Source) -> None:
    reserved = site_names.reserved_reason(incident.id)
    if reserved is not None:
        _error(incident, source, "id", "reserved-id", reserved,
               "choose another id, and rename the file to match")
    if incident.id != stem:
        _error(incident, source, "id", "id-mismatch",
               f"id '{incident.id}' does not match the file name '{stem}'",
               f"rename the file to {incident.id}.yaml, or set id: {stem}")


def _public_requirements(incident: Incident, source: Source) -> None:
    status = incident.status.value
    if incident.started_at is None:
        _error(incident, source, "started_at", "required-when-public",
               f"started_at is required once status is {status}",
               "add started_at: with the time the crisis began, e.g. 2026-11-25T09:30:00+01:00")
    if not incident.actions:
        _error(incident, source, "actions", "required-when-public",
               f"at least one action is required once status is {status}",
               "add actions: with a concrete step, its owner and due date")
    if not incident.contacts:
        _error(incident, source, "contacts", "required-when-public",
               f"at least one contact route is required once status is {status}",
               "add contacts: with a label, kind and value")


def _resolution(incident: Incident, source: Source) -> None:
    if incident.status is Status.RESOLVED and incident.resolved_at is None:
        _error(incident, source, "resolved_at", "required-when-resolved",
               "resolved_at is required once status is resolved",
               "add resolved_at: with the time it was resolved (darksite resolve does this)")
    if incident.resolved_at is not None:
        if incident.status is Status.ACTIVE:
            _error(incident, source, "resolved_at", "resolved-while-active",
                   "resolved_at is set but status is active",
                   "set status: resolved, or remove resolved_at")
        if incident.started_at is not None and incident.resolved_at < incident.started_at:
            _error(incident, source, "resolved_at", "resolved-before-started",
                   "resolved_at is before started_at", "check both times and their offsets")


def _actions(incident: Incident, source: Source) -> None:
    for index, action in enumerate(incident.actions):
        if action.status is ActionStatus.DONE and action.done_at is None:
            _error(incident, source, f"actions[{index}].status", "required-when-done",
                   "an action with status done needs done_at",
                   "add done_at: with the date or time it was done")


def _updates(incident: Incident, source: Source, now: datetime) -> None:
    previous = None
    for index, update in enumerate(incident.updates):
        path = f"updates[{index}].at"
        if previous is not None and update.at <= previous:
            _error(incident, source, path, "updates-out-of-order",
                   f"this update ({update.at.isoformat()}) is not after the one before it "
                   f"({previous.isoformat()}); updates run oldest first",
                   "put updates in time order, each with a later time")
        if update.at > now:
            _error(incident, source, path, "update-in-future",
                   f"this update is dated {update.at.isoformat()}, which is in the future",
                   "use the time the update was issued; use next_update for promises")
        previous = update.at


def _contact_value(incident: Incident, index: int, contact: Contact, source: Source) -> None:
    value = contact.value
    path = f"contacts[{index}].value"
    kind = contact.kind
    if kind in (ContactKind.PHONE, ContactKind.SMS) and not PHONE_RE.fullmatch(value):
        _error(incident, source, path, "invalid-contact",
               f"'{value}' is not a phone number in international form",
               "write '+', the country code and digits, e.g. \"+44 20 7946 0000\"")
    elif kind is ContactKind.EMAIL and not EMAIL_RE.fullmatch(value):
        _error(incident, source, path, "invalid-contact",
               f"'{value}' is not an email address", "e.g. press@example.com")
    elif kind in (ContactKind.WEB, ContactKind.CHAT, ContactKind.SOCIAL) and not is_https_url(
        value
    ):
        _error(incident, source, path, "invalid-contact",
               f"'{value}' is not an https:// URL", "e.g. https://example.com/help")


def _reply_lines(incident: Incident, source: Source) -> None:
    """The ``replies:`` lines may use only their own slots ({name}, {url}, ...)."""
    from darksite.replies.lines import SLOTS, slot_problems

    for key in SLOTS:
        text = getattr(incident.replies, key, None) if incident.replies else None
        for problem in slot_problems(key, text) if text else ():
            allowed = ", ".join("{" + name + "}" for name in sorted(SLOTS[key]))
            _error(incident, source, f"replies.{key}", "reply-slot", problem,
                   f"this line may hold {allowed}; write other text without braces")


def _error(incident: Incident, source: Source, path: str, code: str, message: str,
           hint: str) -> None:
    where = incident.location(path)
    source.error_at(Severity.ERROR, where.line, where.column, code, path, message, hint)

