"""The translatable texts of an incident as (key path, text) leaves, and their digests.

One list of paths serves parity (what must exist in every language),
staleness (each leaf's digest at translation time, kept in the sidecar's
``translated:`` map, like :mod:`darksite.ops.approval` keeps the approved
digest) and the merge that builds a translated page. Names of people,
contact values, times and links are not leaves: they are the same in every
language and live in the source file only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from darksite.model import Incident

DIGEST_LENGTH = 12


def digest(text: str) -> str:
    """A short SHA-256 of one source text: enough to tell that it changed."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


def _optional(path: str, value: str | None) -> Iterator[tuple[str, str]]:
    if value:
        yield path, value


def leaves(record: Any) -> Iterator[tuple[str, str]]:
    """Every translatable text of an :class:`Incident` or a :class:`Translation`, in file order.

    Both have the same attribute names, so one walk reads either; on a
    translation, absent texts are simply not yielded.
    """
    yield from _optional("title", record.title)
    yield from _optional("summary", record.summary)
    for index, item in enumerate(record.affected):
        yield from _optional(f"affected[{index}]", item)
    for index, item in enumerate(record.advice):
        yield from _optional(f"advice[{index}]", item)
    yield from _optional("statement", record.statement)
    if record.apology is not None:
        yield from _optional("apology.text", record.apology.text)
        if record.apology.by is not None:
            yield from _optional("apology.by.role", record.apology.by.role)
    for index, action in enumerate(record.actions):
        yield from _optional(f"actions[{index}].step", action.step)
        yield from _optional(f"actions[{index}].owner", action.owner)
    for index, update in enumerate(record.updates):
        yield from _optional(f"updates[{index}].text", update.text)
    for index, contact in enumerate(record.contacts):
        yield from _optional(f"contacts[{index}].label", contact.label)
        yield from _optional(f"contacts[{index}].hours", contact.hours)
        yield from _optional(f"contacts[{index}].audience", contact.audience)
    for index, entry in enumerate(record.faq):
        yield from _optional(f"faq[{index}].q", entry.q)
        yield from _optional(f"faq[{index}].a", entry.a)
    if record.spokesperson is not None:
        yield from _optional("spokesperson.role", record.spokesperson.role)
        yield from _optional("spokesperson.quote", record.spokesperson.quote)
    if record.channels is not None:
        for name, value in record.channels.overrides().items():
            yield f"channels.{name}", value


def source_leaves(incident: Incident) -> dict[str, str]:
    """The source incident's translatable texts by key path."""
    return dict(leaves(incident))


def source_digests(incident: Incident) -> dict[str, str]:
    """What ``darksite translations --done`` records: each source text's digest."""
    return {path: digest(text) for path, text in leaves(incident)}
