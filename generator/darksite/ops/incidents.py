"""Finding incident files and changing one safely: lock, read, change, validate, write.

:func:`edit_incident` is the one way the operations change an existing file.
It holds the file's lock for the whole read-modify-write, so two people
editing at the same moment are serialised instead of one losing the other's
change; it validates the new text with the same loader the build uses
*before* writing; and it writes atomically. A refused edit changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml

from darksite import clock, loader, site_names
from darksite.diagnostics import Diagnostic, display_path, has_errors
from darksite.errors import IncidentNotFoundError, InvalidIncidentsError
from darksite.fs_errors import file_boundary, kind_of
from darksite.model import Incident
from darksite.ops.atomic import write_atomic
from darksite.ops.errors import IncidentExistsError, InvalidIdError, UnreadableYamlError
from darksite.ops.locking import incident_locked
from darksite.settings import Settings

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

ID_RE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
"""The format's slug rule, used with fullmatch ("$" would let a trailing newline through)."""
MAX_ID_LENGTH = 80


def check_id(incident_id: str) -> None:
    """Refuse an id that cannot be a file stem and a URL path (the format's slug rule)."""
    if not ID_RE.fullmatch(incident_id) or len(incident_id) > MAX_ID_LENGTH:
        suggestion = re.sub(r"[^a-z0-9]+", "-", incident_id.lower()).strip("-")[:MAX_ID_LENGTH]
        hint = f" such as '{suggestion}'" if suggestion and ID_RE.fullmatch(suggestion) else ""
        raise InvalidIdError(
            f"'{_shown(incident_id)}' is not a valid incident id: use lower-case letters, "
            f"digits and single hyphens, at most {MAX_ID_LENGTH} characters{hint}"
        )
    reserved = site_names.reserved_reason(incident_id)
    if reserved is not None:
        raise InvalidIdError(f"{reserved}: choose another id")


def _shown(text: str) -> str:
    """``text`` as a message can show it: a newline or control character as its escape."""
    return text if text.isprintable() else repr(text)[1:-1]


@dataclass(frozen=True)
class IncidentFolder:
    """Where a project keeps its incident files, and how diagnostics name them."""

    root: Path
    incidents_dir: Path
    docs_dir: Path | None = None
    time_zone: str | None = None
    """The site's ``time_zone``: times typed on the command line are read in it."""
    languages: tuple[str, ...] = ()
    """The declared other languages, that ``update --translation`` may add to."""

    @classmethod
    def from_settings(cls, settings: Settings) -> IncidentFolder:
        return cls(root=settings.root, incidents_dir=settings.incidents_dir,
                   docs_dir=settings.docs_dir, time_zone=settings.time_zone,
                   languages=settings.languages)

    def relative(self, path: Path) -> str:
        return display_path(path, self.root)

    def find(self, name: str) -> Path:
        """The file of incident ``name`` (an id, or a path to a ``.yaml`` file)."""
        as_path = Path(name)
        if as_path.suffix in loader.INCIDENT_SUFFIXES and as_path.is_file():
            return as_path
        for suffix in loader.INCIDENT_SUFFIXES:
            candidate = self.incidents_dir / f"{name}{suffix}"
            if candidate.is_file():
                return candidate
            if candidate.is_symlink() or candidate.exists():
                raise IncidentNotFoundError(
                    f"{self.relative(candidate.parent)}/{candidate.name} is "
                    f"{kind_of(candidate)}, not an incident file: "
                    "make it a regular .yaml file (or move it away)")
        if not self.incidents_dir.is_dir():
            raise IncidentNotFoundError(
                f"the incidents folder {self.relative(self.incidents_dir)}/ does not exist: "
                "run darksite in the project folder (or pass -f PATH/mkdocs.yml)")
        known = sorted(path.stem for path in loader.incident_files(self.incidents_dir))
        close = [stem for stem in known if name in stem or stem in name][:5]
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise IncidentNotFoundError(
            f"no incident '{name}' in {self.relative(self.incidents_dir)}/ "
            f"(looked for {name}.yaml).{hint}"
        )

    def new_file(self, incident_id: str) -> Path:
        """Where a new incident ``incident_id`` goes; refuses when one already exists."""
        check_id(incident_id)
        for suffix in loader.INCIDENT_SUFFIXES:
            existing = self.incidents_dir / f"{incident_id}{suffix}"
            if existing.exists():
                raise IncidentExistsError(
                    f"{self.relative(existing)} already exists: choose another id "
                    "(darksite never overwrites an incident)"
                )
        if not self.incidents_dir.is_dir():
            raise IncidentNotFoundError(
                f"the incidents folder {self.relative(self.incidents_dir)}/ does not exist: "
                "create it first"
            )
        return self.incidents_dir / f"{incident_id}.yaml"


def validate(folder: IncidentFolder, text: str, *, file: str,
             now: datetime | None = None) -> tuple[Incident | None, list[Diagnostic]]:
    """The build's own loader on ``text``: the incident and every diagnostic."""
    incident, found = loader.load_incident_text(text.encode("utf-8"), file=file,
                                                docs_dir=folder.docs_dir, now=now or clock.now())
    clashes = loader.id_clashes([incident] if incident else [], folder.docs_dir,
                                folder.incidents_dir, folder.root)
    return (None, found + clashes) if clashes else (incident, found)


def require_valid_text(folder: IncidentFolder, text: str, *, file: str, refused: str,
                       original: str | None = None) -> tuple[Incident, list[Diagnostic]]:
    """Validate ``text``; :class:`InvalidIncidentsError` naming what was refused, if it fails.

    When the file had errors already (``original``), the message says so,
    so that nobody hunts for a mistake in the change they just asked for.
    """
    incident, diagnostics = validate(folder, text, file=file)
    if incident is not None and not has_errors(diagnostics):
        return incident, diagnostics
    errors = [d for d in diagnostics if d.is_error]
    if original is not None:
        _, before = validate(folder, original, file=file)
        if has_errors(before):
            raise InvalidIncidentsError(
                f"{refused}: {file} already has errors; fix them first (nothing was changed)",
                before,
            )
    raise InvalidIncidentsError(
        f"{refused}: {file} would have {len(errors)} error(s); nothing was changed", diagnostics
    )


def read_text(path: Path, file: str) -> str:
    """The file's text; undecodable files are reported with the loader's own diagnostics."""
    with file_boundary(path, doing=f"cannot read {file}", outcome="nothing was changed"):
        data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        _, diagnostics = loader.load_incident_text(data, file=file)
        raise InvalidIncidentsError(f"{file} cannot be read; nothing was changed",
                                    diagnostics) from None


def incident_paths(folder: IncidentFolder) -> dict[str, Path]:
    """Every incident file of ``folder`` by the name diagnostics use."""
    return {folder.relative(path): path for path in loader.incident_files(folder.incidents_dir)}


def read_trees(files: Mapping[str, Path]) -> dict[str, yaml.Node | None]:
    """Each file composed once (nodes with marks, nothing constructed); ``None`` if unreadable.

    ``publish`` reads every incident this way once, before the build, and
    both the approval gate and the leak check work on that one snapshot.
    Files that cannot be read are left to the loader, which reports them.
    """
    trees: dict[str, yaml.Node | None] = {}
    for file, path in files.items():
        try:
            trees[file] = yaml.compose(path.read_bytes().decode("utf-8"), Loader=_Loader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
            trees[file] = None
    return trees


def split_line_ends(text: str) -> tuple[str, bool]:
    """``text`` with ``\n`` line ends, and whether it used ``\r\n`` throughout.

    Edits are made with ``\n``; a file saved with Windows line ends gets
    them back (:func:`restore_line_ends`), so that no line of it changes.
    """
    crlf = "\r\n" in text and "\n" not in text.replace("\r\n", "")
    return (text.replace("\r\n", "\n"), True) if crlf else (text, False)


def restore_line_ends(text: str, crlf: bool) -> str:
    return text.replace("\n", "\r\n") if crlf else text


@dataclass(frozen=True)
class EditResult:
    """The file as written and the warnings the loader still has about it."""

    path: Path
    file: str
    incident: Incident
    warnings: tuple[Diagnostic, ...]


def edit_incident(folder: IncidentFolder, path: Path, change: Callable[[str, str], str], *,
                  refused: str,
                  vet: Callable[[Incident, str], None] | None = None) -> EditResult:
    """Apply ``change(text, file)`` to ``path`` under its lock, validated, atomically.

    ``change`` returns the new text or raises a DarksiteError (nothing is
    written then). ``refused`` starts the message when validation fails, e.g.
    ``"update refused"``. ``vet(incident, new_text)``, when given, judges the
    valid new incident before anything is written, and may refuse it too.
    """
    file = folder.relative(path)
    with incident_locked(path):
        text = read_text(path, file)
        plain, crlf = split_line_ends(text)
        try:
            new_text = restore_line_ends(change(plain, file), crlf)
        except UnreadableYamlError:
            _, diagnostics = validate(folder, text, file=file)
            if not has_errors(diagnostics):
                raise
            raise InvalidIncidentsError(f"{refused}: {file} has errors; fix them first "
                                        "(nothing was changed)", diagnostics) from None
        incident, diagnostics = require_valid_text(folder, new_text, file=file, refused=refused,
                                                   original=text)
        if vet is not None:
            vet(incident, new_text)
        if new_text != text:
            write_atomic(path, new_text.encode("utf-8"))
    return EditResult(path=path, file=file, incident=incident, warnings=tuple(diagnostics))
