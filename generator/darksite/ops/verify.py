"""Checking a built release before it goes live: no draft, no internal note, anywhere.

The plugin never renders drafts or ``internal`` into a public build; this is
the independent second lock on that door, run on the *output*. Every file
of the release (HTML, feeds, JSON, the search index, gzipped sitemaps) is
scanned for:

- the id of every draft, as a path segment (a page folder) and as text;
- every draft's title, and the lines of its summary and statement, cut into
  fragments at Markdown and HTML punctuation (so that rendering ``**bold**``
  or escaping ``&`` does not hide them) of at least
  :data:`MIN_FRAGMENT` characters;
- every string under any incident's ``internal`` key, line by line, of at
  least :data:`MIN_INTERNAL` characters;

each as written, HTML-escaped and JSON-escaped. A string that also appears in
public text (a public incident's fields, the pages in the docs folder, the
theme overrides, mkdocs.yml) is not a secret and is skipped: an incident
activated from a scenario legitimately shares sentences with that scenario.
Incident files are read raw (composed, nothing constructed), so this check
does not depend on the loader it is checking.
"""

from __future__ import annotations

import dataclasses
import gzip
import html
import json
import re
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import ahocorasick
import yaml

from darksite.ops.errors import LeakError
from darksite.render.pages import RESERVED_IDS

MIN_FRAGMENT = 20
MIN_INTERNAL = 8
MIN_ID = 8
PUBLIC_STATUSES = ("active", "resolved")
NOT_PUBLIC_KEYS = ("internal", "approval", "suppress")
TEXT_SUFFIXES = {".md", ".markdown", ".html", ".htm", ".yml", ".yaml", ".txt", ".json", ".js",
                 ".css", ".xml", ".j2", ".jinja", ".svg"}
_MARKUP = re.compile(r"""[*_`\[\](){}<>#|"'\\&~^=!]+|\s{2,}|-{2,}|\.{3,}|\t""")
MAX_REPORTED = 12


@dataclass(frozen=True)
class Secret:
    """A string that must not appear in the release, and where it comes from."""

    text: str
    origin: str


@dataclass(frozen=True)
class Secrets:
    """What a release is checked against."""

    strings: tuple[Secret, ...]
    draft_ids: frozenset[str]
    public_ids: frozenset[str] = frozenset()
    """Ids of the public incidents: each must have its page (:func:`missing_incident_pages`)."""


MAX_VALUES = 50_000


NOT_PUBLIC_FIELDS = frozenset({*NOT_PUBLIC_KEYS, "source", "locations", "content_digest"})
"""Fields of a loaded incident that no page shows (the YAML keys above, and darksite's own)."""


def incident_public_texts(incident: object) -> Iterator[str]:
    """Every string of a loaded public incident that a page may show: what
    :func:`collect_secrets` reads from a public file's tree, taken from the incident the fast
    path already holds instead of composing its YAML again (2.7 s for 1,000 files)."""
    stack: list[object] = [incident]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if value:
                yield value
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            stack.extend(getattr(value, item.name) for item in dataclasses.fields(value)
                         if item.name not in NOT_PUBLIC_FIELDS)
        elif isinstance(value, Mapping):
            stack.extend(value.values())
        elif isinstance(value, (tuple, list)):
            stack.extend(value)


def _strings(root: yaml.Node) -> Iterator[str]:
    """Every scalar under ``root``; stops after :data:`MAX_VALUES` (alias bombs, loops)."""
    stack, seen = [root], 0
    while stack and seen < MAX_VALUES:
        node = stack.pop()
        seen += 1
        if isinstance(node, yaml.ScalarNode):
            if node.value:
                yield str(node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack.extend((value, key))


def _fragments(text: str, minimum: int) -> Iterator[str]:
    for line in text.splitlines():
        for piece in _MARKUP.split(line):
            piece = piece.strip(" .,;:-")
            if len(piece) >= minimum:
                yield piece


_WHITESPACE = re.compile(r"\s+")


def _normal(text: str) -> str:
    """``text`` with each run of whitespace made one space, ends trimmed.

    As ``" ".join(text.split())`` (``\\s`` is ``str.isspace`` for str
    patterns), without the list of every word: on the joined public text of a
    thousand incidents that list was the peak of ``publish --full``.
    """
    return _WHITESPACE.sub(" ", text).strip(" ")


def _value(root: yaml.MappingNode, key: str) -> yaml.Node | None:
    for key_node, value in root.value:
        if getattr(key_node, "value", None) == key:
            return value
    return None


def _internal_secrets(file: str, root: yaml.MappingNode, candidates: list[Secret]) -> None:
    internal = _value(root, "internal")
    if internal is not None:
        for text in _strings(internal):
            for line in text.splitlines():
                if len(line.strip()) >= MIN_INTERNAL:
                    candidates.append(Secret(line.strip(), f"internal note in {file}"))


def _draft_secrets(file: str, root: yaml.MappingNode, candidates: list[Secret],
                   draft_ids: set[str], skip_ids: set[str]) -> None:
    """A draft's id, file stem, title and summary and statement fragments."""
    incident_id = _value(root, "id")
    if (isinstance(incident_id, yaml.ScalarNode) and incident_id.value
            and str(incident_id.value) not in skip_ids):
        draft_ids.add(str(incident_id.value))
        if len(str(incident_id.value)) >= MIN_ID:
            candidates.append(Secret(str(incident_id.value), f"id of draft {file}"))
    if Path(file).stem not in skip_ids:
        draft_ids.add(Path(file).stem)
    title = _value(root, "title")
    if isinstance(title, yaml.ScalarNode) and len(_normal(str(title.value))) >= MIN_ID:
        candidates.append(Secret(_normal(str(title.value)), f"title of draft {file}"))
    for key in ("summary", "statement"):
        node = _value(root, key)
        if isinstance(node, yaml.ScalarNode):
            candidates.extend(Secret(piece, f"{key} of draft {file}")
                              for piece in _fragments(str(node.value), MIN_FRAGMENT))


def collect_secrets(trees: Mapping[str, yaml.Node | None],
                    public_sources: Iterable[Path] = (),
                    withheld: Mapping[str, yaml.Node | None] | None = None, *,
                    public_texts: Iterable[str] = ()) -> Secrets:
    """Draft and internal strings of ``trees`` (display name -> composed file), minus public text.

    A file that could not be read (``None``) never reaches a release: the
    build refuses it first. ``withheld`` are the current texts of incidents a
    publish held back (:mod:`darksite.ops.selection`): whatever their status
    says, their text is secret like a draft's, except what the version that
    stays live also says (and their id, if that version is public).
    ``public_texts``: more text known to be public (what correction logs quote).
    """
    candidates: list[Secret] = []
    public = JoinedText()
    draft_ids: set[str] = set()
    public_ids: set[str] = set()
    for file, root in trees.items():
        if not isinstance(root, yaml.MappingNode):
            continue
        _internal_secrets(file, root, candidates)
        status = _value(root, "status")
        if isinstance(status, yaml.ScalarNode) and status.value in PUBLIC_STATUSES:
            for key_node, value in root.value:
                if getattr(key_node, "value", None) not in NOT_PUBLIC_KEYS:
                    public.extend(_strings(value))
            public_ids.add(Path(file).stem)
            incident_id = _value(root, "id")
            if isinstance(incident_id, yaml.ScalarNode):
                public_ids.add(str(incident_id.value))
            continue
        _draft_secrets(file, root, candidates, draft_ids, skip_ids=set())
    for file, root in (withheld or {}).items():
        if isinstance(root, yaml.MappingNode):
            _internal_secrets(file, root, candidates)
            _draft_secrets(file, root, candidates, draft_ids,
                           skip_ids=public_ids | set(RESERVED_IDS))
    for source in public_sources:
        public.extend(_read_sources(source))
    public.extend(public_texts)
    in_public = _found_in_chunks(public.chunks(), {_normal(c.text) for c in candidates})
    kept: dict[str, Secret] = {}
    for secret in candidates:
        if secret.text not in kept and _normal(secret.text) not in in_public:
            kept[secret.text] = secret
    return Secrets(strings=tuple(kept.values()), draft_ids=frozenset(draft_ids),
                   public_ids=frozenset(public_ids))


CHUNK_CHARACTERS = 1 << 18


class JoinedText:
    """Texts as ``"\\n".join`` would join them, kept as compressed UTF-8 blocks of about
    a quarter of a million characters.

    Why: the public text of a thousand incidents is some 15 million
    characters in 150,000 strings; as a list of str, with one character beyond
    Latin-1 making a string 2 or 4 bytes a character, it cost 40 MB of
    ``publish --full``'s peak; compressed (zlib level 1, about 0.1 s for all
    of it) it is a few MB. A block is cut only between two texts.
    """

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self._blocks: list[bytes] = []
        self._pending: list[str] = []
        self._size = 0
        self.extend(texts)

    def extend(self, texts: Iterable[str]) -> None:
        for text in texts:
            self._pending.append(text)
            self._size += len(text) + 1
            if self._size >= CHUNK_CHARACTERS:
                self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._blocks.append(zlib.compress("\n".join(self._pending).encode("utf-8"), 1))
            self._pending, self._size = [], 0

    def chunks(self) -> Iterator[str]:
        """The blocks in order, each decoded when it is reached (a newline between two)."""
        self._flush()
        for block in self._blocks:
            yield zlib.decompress(block).decode("utf-8")


def _found_in_chunks(chunks: Iterable[str], needles: set[str]) -> set[str]:
    """Which ``needles`` occur in the text that is ``chunks`` joined by newlines, with each
    run of whitespace read as one space: one Aho-Corasick pass, not one scan each.

    Why not join: the joined public text of a thousand incidents is some 15
    million characters, and one character beyond Latin-1 (a dash, an emoji)
    makes Python store all of them in 2 or 4 bytes, twice (joined, then
    normalised): that was half of ``publish --full``'s peak memory. Each
    chunk is normalised alone and starts with the last characters of the one
    before (one fewer than the longest needle), joined by the one space the
    whole text would have there, so a needle across a chunk boundary is found
    as in the whole text.
    """
    needles.discard("")
    if not needles:
        return set()
    automaton = ahocorasick.Automaton()
    for needle in needles:
        automaton.add_word(needle, needle)
    automaton.make_automaton()
    overlap = max(len(needle) for needle in needles) - 1
    found: set[str] = set()
    tail = ""
    for chunk in chunks:
        text = _WHITESPACE.sub(" ", chunk)
        if tail:
            text = tail.rstrip(" ") + " " + text.lstrip(" ")
        found.update(needle for _, needle in automaton.iter(text))
        tail = text[max(0, len(text) - overlap):] if overlap else ""
    return found


def _read_sources(path: Path) -> Iterator[str]:
    paths = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    for item in paths:
        if item.suffix.lower() in TEXT_SUFFIXES:
            try:
                yield item.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue


def _variants(text: str) -> set[bytes]:
    forms = {
        text,
        html.escape(text, quote=False),
        html.escape(text, quote=True),
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("'", "&#39;").replace('"', "&#34;"),
        json.dumps(text)[1:-1],
        json.dumps(text, ensure_ascii=False)[1:-1],
    }
    return {form.encode("utf-8") for form in forms if form}


def _contents(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".gz":
        try:
            return gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            return data
    return data


@dataclass(frozen=True)
class Leak:
    file: str
    secret: Secret

    def format_text(self) -> str:
        shown = self.secret.text if len(self.secret.text) <= 60 else self.secret.text[:57] + "..."
        return f"{self.file}: {self.secret.origin}: {shown!r}"


def _matcher(secrets: Secrets) -> ahocorasick.Automaton | None:
    """One Aho-Corasick automaton over every form of every secret.

    Why: a release of 1,000 incidents is ~4,000 files and ~60 MB, checked
    against ~1,000 secrets in six escaped forms each; one substring search per
    needle per file took ~14 s there, one pass of the automaton per file takes
    a fraction of a second. Bytes are matched as Latin-1 text, which maps each
    byte to one character, so UTF-8 needles match exactly what is on disk.
    """
    automaton = ahocorasick.Automaton()
    for secret in secrets.strings:
        for variant in _variants(secret.text):
            automaton.add_word(variant.decode("latin-1"), secret)
    if len(automaton) == 0:
        return None
    automaton.make_automaton()
    return automaton


def find_leaks(release: Path, secrets: Secrets, skip: Iterable[str] = ()) -> list[Leak]:
    """Every place in ``release`` where a secret (or a draft's page folder) shows up."""
    matcher = _matcher(secrets)
    skipped = set(skip)
    leaks: list[Leak] = []
    for path in sorted(release.rglob("*")):
        relative = path.relative_to(release).as_posix()
        if relative in skipped:
            continue
        parts = set(path.relative_to(release).parts)
        stem_hit = parts & secrets.draft_ids or (path.is_file() and path.stem in secrets.draft_ids)
        if stem_hit:
            leaks.append(Leak(relative, Secret(path.name, "a draft's page or file name")))
        if not path.is_file() or matcher is None:
            continue
        found: dict[str, Secret] = {}
        for _, secret in matcher.iter(_contents(path).decode("latin-1")):
            found.setdefault(secret.text, secret)
        leaks.extend(Leak(relative, secret) for secret in found.values())
    return leaks


def missing_incident_pages(release: Path, public_ids: Iterable[str]) -> list[str]:
    """The public incidents without ``<id>/index.html`` in ``release``, sorted.

    Why: a renderer that silently skipped darksite's pages (an engine that
    runs no plugin, say) would otherwise publish a site without them.
    """
    return sorted(i for i in public_ids if not (release / i / "index.html").is_file())


def verify_release(release: Path, secrets: Secrets, *, name: str) -> None:
    """Raise :class:`LeakError` listing what leaked, if anything did; require an index page
    and every public incident's page."""
    if not (release / "index.html").is_file():
        raise LeakError(f"release {name} has no index.html: the build did not produce a site; "
                        "the live site was not changed")
    missing = missing_incident_pages(release, secrets.public_ids)
    if missing:
        raise LeakError(f"release {name} was NOT published: it has no page for the public "
                        f"incident(s) {', '.join(missing)}; the live site was not changed. "
                        "Run darksite build and check its messages.")
    leaks = find_leaks(release, secrets)
    if leaks:
        lines = [leak.format_text() for leak in leaks[:MAX_REPORTED]]
        if len(leaks) > MAX_REPORTED:
            lines.append(f"... and {len(leaks) - MAX_REPORTED} more")
        raise LeakError(
            f"release {name} was NOT published: it contains text that must never be public:\n  "
            + "\n  ".join(lines)
            + "\nThe live site was not changed. This is a bug in the site templates or "
            "plugin: report it with this message."
        )
