"""The labelled wording corpus: reading it and splitting it by organisation.

Three pipe-separated files under ``corpus/`` (``#`` starts a comment):
``organisations.txt`` (id | name | country | sector | kind | source),
``apology.txt`` and ``actions.txt`` (org | label | origin | text). The split
is by organisation so that no organisation's wording is both learned and
tested: the house style of one press office must not pass for generalisation.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
BAD_LABELS = {"apology": "non-apology", "action": "vague"}
GOOD_LABELS = {"apology": "sincere", "action": "specific"}
FILES = {"apology": "apology.txt", "action": "actions.txt"}
SPLITS = ("train", "dev", "test")
DEV_SHARE, TEST_SHARE = 0.2, 0.2


class CorpusError(ValueError):
    """A corpus line that cannot be read: the message names the file and line."""


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    country: str
    sector: str
    kind: str  # real, constructed or legacy
    source: str


@dataclass(frozen=True)
class Item:
    task: str  # apology or action
    org: str
    label: str
    origin: str  # real, constructed or legacy
    text: str

    @property
    def bad(self) -> bool:
        """True for a non-apology or a vague step: what the checks must flag."""
        return self.label == BAD_LABELS[self.task]


def _rows(path: Path, fields: int) -> Iterable[tuple[int, list[str]]]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = [part.strip() for part in line.split(" | ", fields - 1)]
        if len(parts) != fields:
            raise CorpusError(f"{path}:{number}: expected {fields} fields separated by ' | '")
        yield number, parts


def organisations(root: Path = CORPUS) -> dict[str, Organisation]:
    path = root / "organisations.txt"
    found: dict[str, Organisation] = {}
    for number, parts in _rows(path, 6):
        if parts[0] in found:
            raise CorpusError(f"{path}:{number}: organisation {parts[0]!r} listed twice")
        found[parts[0]] = Organisation(*parts)
    return found


def items(task: str, root: Path = CORPUS) -> list[Item]:
    path = root / FILES[task]
    orgs = organisations(root)
    labels = {BAD_LABELS[task], GOOD_LABELS[task]}
    result = []
    for number, (org, label, origin, text) in _rows(path, 4):
        if org not in orgs:
            raise CorpusError(f"{path}:{number}: unknown organisation {org!r}")
        if label not in labels:
            raise CorpusError(f"{path}:{number}: label {label!r} is not one of {sorted(labels)}")
        if origin != orgs[org].kind:
            raise CorpusError(f"{path}:{number}: origin {origin!r} but {org} is {orgs[org].kind}")
        result.append(Item(task, org, label, origin, text))
    return result


def split_of(org: Organisation) -> str:
    """``train``, ``dev`` or ``test`` for an organisation, fixed by a hash of its id.

    Legacy groups (darksite's earlier test sentences, which the rules were
    tuned on) always train: measuring on them would flatter the rules.
    """
    if org.kind == "legacy":
        return "train"
    position = (zlib.crc32(org.id.encode()) % 10_000) / 10_000
    if position < TEST_SHARE:
        return "test"
    if position < TEST_SHARE + DEV_SHARE:
        return "dev"
    return "train"


def splits(root: Path = CORPUS) -> dict[str, str]:
    """Organisation id -> split, for every organisation."""
    return {org.id: split_of(org) for org in organisations(root).values()}
