"""The incident as one language shows it: current translations merged over the source.

Only texts that parity counts as current are taken (:mod:`darksite.i18n.parity`);
every other text stays the source's and its key path is returned, so the
page can mark it "translation to follow" in the reader's language. Ids,
times, statuses, contact values and links always come from the source: a
translation cannot change a fact that is not words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from darksite.i18n.leaves import source_leaves
from darksite.i18n.parity import LanguageParity
from darksite.model import Incident

_STEP = re.compile(r"([a-z_]+)(?:\[(\d+)\])?")


def _set(record: Any, steps: list[tuple[str, int | None]], value: str) -> Any:
    """``record`` with the text at ``steps`` replaced (frozen dataclasses, rebuilt upwards)."""
    (name, index), rest = steps[0], steps[1:]
    current = getattr(record, name)
    if index is None:
        new = value if not rest else _set(current, rest, value)
        return replace(record, **{name: new})
    items = list(current)
    items[index] = value if not rest else _set(items[index], rest, value)
    return replace(record, **{name: tuple(items)})


def _steps(path: str) -> list[tuple[str, int | None]]:
    found = []
    for part in path.split("."):
        match = _STEP.fullmatch(part)
        assert match is not None, path
        found.append((match[1], int(match[2]) if match[2] is not None else None))
    return found


def translated(incident: Incident, parity: LanguageParity) -> tuple[Incident, frozenset[str]]:
    """``incident`` in ``parity.lang``, and the key paths still in the source language."""
    result = replace(incident, lang=parity.lang)
    for path, text in parity.texts.items():
        if path.startswith("channels."):
            continue  # applied below: Channels is one record of optional fields
        result = _set(result, _steps(path), text)
    channels: Mapping[str, str] = {p.removeprefix("channels."): t
                                   for p, t in parity.texts.items() if p.startswith("channels.")}
    if channels and result.channels is not None:
        result = replace(result, channels=replace(result.channels, **channels))
    untranslated = frozenset(source_leaves(incident)) - frozenset(parity.texts)
    return result, untranslated
