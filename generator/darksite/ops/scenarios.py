"""``new`` and ``activate``: from a prepared scenario (or a skeleton) to a live incident.

``activate`` is the moment a crisis goes public, so it is all or nothing: the
placeholders are filled, ``status`` becomes ``active`` and ``started_at`` is
set in memory, the result is validated with the build's own loader, and
only a file with no placeholder and no error is written. Otherwise every
remaining placeholder is listed with file:line and nothing changes.

``started_at``: ``--at`` wins; otherwise a real ``started_at`` already in the
draft is kept (someone recorded when the organisation became aware);
otherwise it is now, with this machine's UTC offset.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml

from darksite.diagnostics import Diagnostic
from darksite.model import PLACEHOLDER_PATTERN, Status
from darksite.ops import approval
from darksite.ops.atomic import create_atomic
from darksite.ops.errors import IncidentEditError, IncidentExistsError, UnfilledPlaceholdersError
from darksite.ops.incidents import (
    IncidentFolder,
    check_id,
    edit_incident,
    read_text,
    require_valid_text,
    restore_line_ends,
    split_line_ends,
)
from darksite.ops.moments import format_moment, now_in, site_zone, to_the_second
from darksite.ops.placeholders import fill_placeholders, placeholder_uses
from darksite.ops.yamledit import STR, TIMESTAMP, Document, Field

SKELETON = """\
# yaml-language-server: $schema=../schema/incident.schema.json
#
# NEW INCIDENT (draft). Nothing in this file is public while status is draft.
#
# Fill in every {{{{ placeholder }}}} below, here or when going live:
#   darksite activate {id} --set title="..." --set summary="..." ...
# `darksite check` lists anything still missing; `darksite rehearse` shows
# the page as it will look.

id: {id}

# Plain text, at most 120 characters. Say what happened, not "an incident".
title: "{{{{ title }}}}"

status: draft
severity: major

# Plain text, at most 280 characters. Used on banners, social cards and feeds.
summary: "{{{{ summary }}}}"

# Markdown. What happened, what we know, what we do not know yet.
# Never guess; say when you expect to know.
statement: |
  {{{{ statement }}}}

# A sincere apology for what went wrong, signed by a named person.
# Remove this block only where no apology is justified.
apology:
  text: |
    {{{{ apology }}}}
  by:
    name: "{{{{ apology_name }}}}"
    role: "{{{{ apology_role }}}}"

# The specific steps being taken: who does what, by when.
actions:
  - step: "{{{{ first_action }}}}"
    owner: "{{{{ first_action_owner }}}}"
    status: in-progress

# How people reach us. Phone and sms: + and digits; web: an https:// URL.
contacts:
  - label: "{{{{ contact_label }}}}"
    kind: other
    value: "{{{{ contact_value }}}}"

# Notes for the team. Never published anywhere.
internal:
  notes: ""
"""


@dataclass(frozen=True)
class Created:
    """A new draft: where it was written and what it still needs."""

    path: Path
    file: str
    placeholders: tuple[str, ...]
    warnings: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class Activated:
    """An incident made active: its file, its start and the state of its approval."""

    path: Path
    file: str
    started_at: datetime
    approval_note: str | None
    warnings: tuple[Diagnostic, ...]


def _copy_as(folder: IncidentFolder, scenario: str,
             incident_id: str) -> tuple[Path, str, Document, bool]:
    """(new file, its name, the scenario with ``id`` set to ``incident_id``, CRLF?).

    The document keeps the scenario's name, so that a refusal (an unfilled
    placeholder, say) points at the file people can open; nothing is
    written before the copy validates under its new name.
    """
    source = folder.find(scenario)
    target = folder.new_file(incident_id)
    source_file = folder.relative(source)
    text, crlf = split_line_ends(read_text(source, source_file))
    doc = Document(text, source_file)
    return target, folder.relative(target), doc.set_scalar(Field("id", incident_id)), crlf


def _status(doc: Document) -> str | None:
    found = doc.entry("status")
    return str(found[1].value) if found and isinstance(found[1], yaml.ScalarNode) else None


def _write_new(target: Path, file: str, text: str) -> None:
    if not create_atomic(target, text.encode("utf-8")):
        raise IncidentExistsError(f"{file} was created by someone else meanwhile; nothing was "
                                  "written. Choose another id.")


def new_incident(folder: IncidentFolder, incident_id: str, *,
                 scenario: str | None = None) -> Created:
    """A new draft ``incident_id`` from ``scenario`` (an id or a file), or from the skeleton."""
    check_id(incident_id)
    if scenario is not None:
        target, file, doc, crlf = _copy_as(folder, scenario, incident_id)
        if _status(doc) != Status.DRAFT:
            doc = doc.set_scalar(Field("status", str(Status.DRAFT)))
    else:
        target = folder.new_file(incident_id)
        file = folder.relative(target)
        doc, crlf = Document(SKELETON.format(id=incident_id), file), False
    _, diagnostics = require_valid_text(folder, doc.text, file=file, refused="new draft refused")
    _write_new(target, file, restore_line_ends(doc.text, crlf))
    names = sorted({use.name for use in placeholder_uses(doc)})
    return Created(path=target, file=file, placeholders=tuple(names),
                   warnings=tuple(diagnostics))


def _has_real_value(doc: Document, key: str) -> bool:
    found = doc.entry(key)
    if found is None or not isinstance(found[1], yaml.ScalarNode):
        return False
    value = str(found[1].value).strip()
    return bool(value) and found[1].tag != "tag:yaml.org,2002:null" \
        and not PLACEHOLDER_PATTERN.search(value)


def _activated(doc: Document, values: Mapping[str, str], at: datetime | None,
               zone_name: str | None = None) -> tuple[Document, datetime | None]:
    status = _status(doc)
    if status in (Status.ACTIVE, Status.RESOLVED):
        raise IncidentEditError(
            f"{doc.file}: status is already {status}; activate works on drafts "
            "(use darksite update to post news)"
        )
    empty = sorted(name for name, value in values.items() if not value.strip())
    if empty:
        raise IncidentEditError(
            f"--set {', '.join(empty)}: a placeholder needs a value; nothing was changed"
        )
    doc = fill_placeholders(doc, values)
    left = placeholder_uses(doc)
    if left:
        names = sorted({use.name for use in left})
        raise UnfilledPlaceholdersError(
            f"activation refused: {len(left)} unfilled placeholder(s) in {doc.file} "
            f"({', '.join(names)}): fill each with --set NAME=VALUE or edit the file. "
            "Nothing was changed.",
            left,
        )
    doc = doc.set_scalar(Field("status", str(Status.ACTIVE), "inline", STR))
    started = at
    if started is None and not _has_real_value(doc, "started_at"):
        started = to_the_second(now_in(site_zone(zone_name)))
    if started is not None:
        doc = doc.set_scalar(Field("started_at", format_moment(started), "raw", TIMESTAMP))
    return doc, started


def _approval_note(text: str) -> str | None:
    root = yaml.compose(text, Loader=approval.Loader)
    state = approval.approval_state(root) if root is not None else None
    if state is None or state.approval is None:
        return "not approved yet: review it, then run darksite approve ID --by NAME"
    if state.changed:
        return (f"the approval by {state.approval.by} no longer matches "
                f"({', '.join(state.changed)} changed): review and approve again")
    return None


def activate(folder: IncidentFolder, incident_id: str, *, scenario: str | None = None,
             values: Mapping[str, str] | None = None, at: datetime | None = None) -> Activated:
    """Make draft ``incident_id`` (or a copy of ``scenario`` under that id) active."""
    fill = dict(values or {})
    if scenario is not None:
        target, file, doc, crlf = _copy_as(folder, scenario, incident_id)
        doc, _ = _activated(doc, fill, at, folder.time_zone)
        incident, diagnostics = require_valid_text(folder, doc.text, file=file,
                                                   refused="activation refused")
        _write_new(target, file, restore_line_ends(doc.text, crlf))
        path, text = target, doc.text
    else:
        path = folder.find(incident_id)
        written: dict[str, str] = {}

        def change(old: str, file: str) -> str:
            new_doc, _ = _activated(Document(old, file), fill, at, folder.time_zone)
            written["text"] = new_doc.text
            return new_doc.text

        result = edit_incident(folder, path, change, refused="activation refused")
        incident, diagnostics, file, text = (result.incident, list(result.warnings), result.file,
                                             written["text"])
    started_at = incident.started_at
    assert started_at is not None  # an active incident that validated has one
    return Activated(path=path, file=file, started_at=started_at,
                     approval_note=_approval_note(text), warnings=tuple(diagnostics))
