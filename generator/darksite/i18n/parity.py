"""Parity: which texts of an incident exist, current, in each declared language.

Every translatable source text (:mod:`darksite.i18n.leaves`) is, per
language, one of:

- **current**: translated, and the sidecar's ``translated:`` map holds the
  digest of the source text as it is now;
- **stale**: translated, but the source text changed since (its digest
  differs), or it was never confirmed against the source (no digest: a
  hand-edited sidecar; ``darksite translations ID --done LANG`` confirms);
- **missing**: not translated, or the sidecar has errors and is not used.

Only current translations are ever shown: a stale one may carry last
hour's numbers. What happens to the rest is the site's
``translation_policy``: ``strict`` holds the incident's publish (its last
published version stays live, see :mod:`darksite.ops.selection`), ``pending``
shows the source text there with a "translation to follow" note.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from darksite.i18n.leaves import digest, leaves, source_leaves
from darksite.i18n.model import Translation
from darksite.i18n.sidecar import Loaded
from darksite.model import Incident


@dataclass(frozen=True)
class LanguageParity:
    """One language's state for one incident."""

    lang: str
    file: str | None
    """The sidecar, as diagnostics name it; None when there is none."""
    current: tuple[str, ...] = ()
    stale: tuple[str, ...] = ()
    unconfirmed: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    usable: bool = True
    """False when the sidecar has errors: every text counts as missing."""
    since: datetime | None = None
    """The earliest moment one of the texts still to do appeared in the source."""
    texts: Mapping[str, str] = field(default_factory=dict)
    """The current translated texts by key path: all a page may show."""

    @property
    def complete(self) -> bool:
        return not (self.stale or self.unconfirmed or self.missing)

    @property
    def to_do(self) -> tuple[str, ...]:
        return (*self.missing, *self.stale, *self.unconfirmed)


def appeared_at(incident: Incident, path: str) -> datetime | None:
    """When a source text appeared, as far as the file tells: an update's own time; for the
    rest, the approval (the text's sign-off) or else the incident's start."""
    if path.startswith("updates["):
        index = int(path[len("updates["):path.index("]")])
        return incident.updates[index].at
    if incident.approval is not None:
        return incident.approval.at
    return incident.started_at


def language_parity(incident: Incident, lang: str, loaded: Loaded | None) -> LanguageParity:
    """Where ``lang`` stands for ``incident`` (see the module docstring)."""
    source = source_leaves(incident)
    translation: Translation | None = loaded.translation if loaded is not None else None
    file = loaded.file if loaded is not None else None
    if translation is None:
        return LanguageParity(lang=lang, file=file, missing=tuple(source),
                              usable=loaded is None, since=_since(incident, tuple(source)))
    mine = dict(leaves(translation))
    recorded = translation.translated
    current: list[str] = []
    stale: list[str] = []
    unconfirmed: list[str] = []
    missing: list[str] = []
    for path, text in source.items():
        if path not in mine:
            missing.append(path)
        elif path not in recorded:
            unconfirmed.append(path)
        elif str(recorded[path]) != digest(text):
            stale.append(path)
        else:
            current.append(path)
    to_do = (*missing, *stale, *unconfirmed)
    return LanguageParity(
        lang=lang, file=file, current=tuple(current), stale=tuple(stale),
        unconfirmed=tuple(unconfirmed), missing=tuple(missing), since=_since(incident, to_do),
        texts={path: mine[path] for path in current})


def _since(incident: Incident, paths: Sequence[str]) -> datetime | None:
    moments = [m for path in paths if (m := appeared_at(incident, path)) is not None]
    return min(moments, default=None)


def incident_parity(incident: Incident, languages: Sequence[str],
                    loaded: Mapping[str, Loaded]) -> dict[str, LanguageParity]:
    """Every declared language's parity for ``incident``."""
    return {lang: language_parity(incident, lang, loaded.get(lang)) for lang in languages}


def format_span(seconds: float) -> str:
    """``2 h 05 min``, ``35 min``, ``3 d 4 h``: how long a translation has been pending."""
    minutes = max(0, int(seconds // 60))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min"
