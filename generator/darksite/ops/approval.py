"""Approval: record who signed off which text, and notice when that text changes.

What the digest covers, and why
-------------------------------

``darksite approve`` writes ``approval: {by, at, digest}``. The digest is
computed over the *message*: every field that states something to the
public on the organisation's behalf and that legal or comms leads sign off:

    title, severity, lang, summary, affected, statement, apology, actions,
    contacts, faq, spokesperson, channels

It leaves out, on purpose:

- ``updates`` and ``next_update``: the timeline that on-call staff post
  through the night with ``darksite update``; requiring a new sign-off for
  each would stop the page from being kept current;
- ``status``, ``started_at``, ``resolved_at``: the lifecycle that
  ``activate`` and ``resolve`` set, so that a fully pre-approved scenario
  can go live at once and resolving does not void the approval;
- ``id``: the file name and URL, so a pre-approved scenario copied under a
  new id stays approved (its text is the same);
- ``internal``, ``approval``, ``suppress``: never published, or about the
  approval and the checks themselves.

How it is computed: each field's value is taken from the YAML node tree as
written (strings exactly as YAML reads them, never re-interpreted, so
``no`` stays the text ``no``), turned into canonical JSON (sorted keys, no
spaces, UTF-8), and hashed with SHA-256. The digest string is
``sha256:<hash of all fields>`` followed by ``name=<8 hex>`` for each field
(absent fields included), so that ``publish`` can say *which* fields changed
and not only that something did.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import yaml

from darksite.ops.errors import IncidentEditError
from darksite.ops.incidents import IncidentFolder, edit_incident
from darksite.ops.moments import format_moment, now_local, to_the_second
from darksite.ops.yamledit import TIMESTAMP, Document, Field

try:
    Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    Loader = yaml.SafeLoader

APPROVED_FIELDS: tuple[str, ...] = (
    "title", "severity", "lang", "summary", "affected", "statement", "apology", "actions",
    "contacts", "faq", "spokesperson", "channels",
)
LATER_FIELDS: tuple[str, ...] = ("advice", "resolution", "review", "replies")
"""Approved fields added to the format later: part of a digest only when the file has them.

So an approval recorded before a field existed stays valid for a file that
does not use it, and adding the field is a change to approve like any other.
"""
NULL_TAG = "tag:yaml.org,2002:null"
DIGEST_PREFIX = "sha256:"
FINGERPRINT_LENGTH = 8


MAX_VALUES = 50_000
"""Values visited per file (aliases counted each time): a stop for alias bombs and loops."""


def plain_value(node: yaml.Node, budget: list[int] | None = None) -> Any:
    """A node as JSON-ready data: strings as YAML reads them, ``None`` for nulls."""
    left = budget if budget is not None else [MAX_VALUES]
    left[0] -= 1
    if left[0] < 0:
        raise IncidentEditError("the file has too many values (or looping aliases) to approve")
    if isinstance(node, yaml.ScalarNode):
        return None if node.tag == NULL_TAG else str(node.value)
    if isinstance(node, yaml.SequenceNode):
        return [plain_value(item, left) for item in node.value]
    return {str(plain_value(key, left)): plain_value(value, left) for key, value in node.value}


def approved_fields(root: yaml.Node) -> dict[str, Any]:
    """The approved fields of an incident's node tree (absent ones as ``None``)."""
    values: dict[str, Any] = dict.fromkeys(APPROVED_FIELDS)
    budget = [MAX_VALUES]
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            name = getattr(key, "value", None)
            if name in values or name in LATER_FIELDS:
                values[str(name)] = plain_value(value, budget)
    return values


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def compute_digest(root: yaml.Node) -> str:
    """``sha256:<all fields> title=<8 hex> severity=...`` for an incident's node tree."""
    values = approved_fields(root)
    overall = hashlib.sha256(canonical_json(values)).hexdigest()
    parts = [DIGEST_PREFIX + overall]
    for name in (*APPROVED_FIELDS, *(n for n in LATER_FIELDS if n in values)):
        fingerprint = hashlib.sha256(canonical_json(values[name])).hexdigest()
        parts.append(f"{name}={fingerprint[:FINGERPRINT_LENGTH]}")
    return " ".join(parts)


def _parse_digest(digest: str) -> tuple[str, dict[str, str]]:
    overall, fields = "", {}
    for part in digest.split():
        if part.startswith(DIGEST_PREFIX):
            overall = part[len(DIGEST_PREFIX):]
        elif "=" in part:
            name, _, fingerprint = part.partition("=")
            fields[name] = fingerprint
    return overall, fields


def changed_fields(recorded: str, root: yaml.Node) -> list[str]:
    """The approved fields whose text differs from what ``recorded`` was computed over."""
    current = compute_digest(root)
    if current == recorded.strip():
        return []
    old_all, old_fields = _parse_digest(recorded)
    new_all, new_fields = _parse_digest(current)
    if old_all == new_all:
        return []
    named = [name for name in (*APPROVED_FIELDS, *LATER_FIELDS)
             if old_fields.get(name) != new_fields.get(name)]
    return named or ["(unknown: the recorded digest is not one darksite wrote)"]


@dataclass(frozen=True)
class Recorded:
    """The ``approval:`` mapping as found in a file (values as written)."""

    by: str
    at: str
    digest: str


@dataclass(frozen=True)
class ApprovalState:
    """Whether an incident is approved, and what changed since, if anything."""

    approval: Recorded | None
    changed: tuple[str, ...]

    @property
    def current(self) -> bool:
        return self.approval is not None and not self.changed


def recorded_approval(root: yaml.Node) -> Recorded | None:
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        if getattr(key, "value", None) == "approval" and isinstance(value, yaml.MappingNode):
            data = plain_value(value)
            return Recorded(by=str(data.get("by") or "?"), at=str(data.get("at") or "?"),
                            digest=str(data.get("digest") or ""))
    return None


def approval_state(root: yaml.Node) -> ApprovalState:
    recorded = recorded_approval(root)
    if recorded is None:
        return ApprovalState(approval=None, changed=())
    return ApprovalState(approval=recorded, changed=tuple(changed_fields(recorded.digest, root)))


@dataclass(frozen=True)
class Approved:
    """What ``approve`` recorded."""

    file: str
    by: str
    at: datetime
    digest: str


def approve(folder: IncidentFolder, incident_id: str, *, by: str,
            at: datetime | None = None) -> Approved:
    """Record ``approval: {by, at, digest}`` for the file's current text."""
    name = " ".join(by.split())
    if not name:
        raise IncidentEditError("--by needs the name of the person who approves the text")
    path = folder.find(incident_id)
    moment = at or to_the_second(now_local())
    recorded: dict[str, str] = {}

    def change(old: str, file: str) -> str:
        doc = Document(old, file)
        digest = compute_digest(doc.root)
        recorded["digest"] = digest
        return doc.set_mapping("approval", [
            Field("by", name),
            Field("at", format_moment(moment), "raw", TIMESTAMP),
            Field("digest", digest),
        ]).text

    result = edit_incident(folder, path, change, refused="approval refused")
    return Approved(file=result.file, by=name, at=moment, digest=recorded["digest"])


@dataclass(frozen=True)
class ApprovalProblem:
    """An active incident whose approved text changed since approval."""

    file: str
    line: int
    approval: Recorded
    changed: tuple[str, ...]

    def format_text(self) -> str:
        return (f"{self.file}:{self.line}: approved by {self.approval.by} at "
                f"{self.approval.at}, but changed since: {', '.join(self.changed)}")


def review_active(trees: Mapping[str, yaml.Node | None]) -> tuple[list[ApprovalProblem],
                                                                   list[str]]:
    """(changed since approval, never approved) among the active incidents of ``trees``.

    ``trees`` maps display names to composed files (:func:`incidents.read_trees`);
    unreadable ones (``None``) are skipped here: the build reports them.
    """
    problems: list[ApprovalProblem] = []
    unapproved: list[str] = []
    for file, root in trees.items():
        if not isinstance(root, yaml.MappingNode):
            continue
        status = next((str(v.value) for k, v in root.value
                       if getattr(k, "value", None) == "status"
                       and isinstance(v, yaml.ScalarNode)), None)
        if status != "active":
            continue
        try:
            state = approval_state(root)
        except IncidentEditError:  # an alias bomb: the build refuses the file with details
            continue
        if state.approval is None:
            unapproved.append(file)
        elif state.changed:
            line = _first_changed_line(root, state.changed)
            problems.append(ApprovalProblem(file=file, line=line, approval=state.approval,
                                            changed=state.changed))
    return problems, unapproved


def _first_changed_line(root: yaml.MappingNode, changed: tuple[str, ...]) -> int:
    lines = [key.start_mark.line + 1 for key, _ in root.value
             if getattr(key, "value", None) in changed]
    return min(lines, default=1)
