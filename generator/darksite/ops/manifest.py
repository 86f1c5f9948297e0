"""What a release was built from: the record that lets ``publish`` rebuild only what changed.

Each published release gets a manifest, ``DIR/manifests/<release>.json``,
beside the releases rather than inside one (it names draft files, and
nothing of a release may name a draft). It holds:

- ``site``: one digest of everything that can change every page: the
  manifest format, darksite's own code and templates, the versions of
  MkDocs, mkdocs-material and the libraries they render with,
  ``mkdocs.yml``, and the trees of ``site_src/`` and ``themes/``;
- ``build_date``: MkDocs' build date, the one date-dependent value of a
  build (the sitemap's ``lastmod``);
- ``site_facts``: what every page shows about incidents (the banner:
  :func:`darksite.render.views.site_wide_facts`), as canonical JSON: the
  fast path compares it, and draws the live banner from it to check that
  each page it splices a new banner into carries exactly the old one;
- per incident file, in file order: its name, the SHA-256 of its bytes, its
  id, its status and its last-updated time;
- ``translations``: per translation file (``incidents/<id>.<lang>.yaml``), the
  SHA-256 of its bytes: a translation confirmed for an active incident
  rebuilds that incident alone, as an edit of its own file does
  (:func:`darksite.ops.fastpath.plan`).

The digests are taken *before* the build reads the files: if a file
changes while a release is built, the manifest has its older digest, so
the next publish sees it as changed and rebuilds it. A manifest can only
ever make ``publish`` do more work than needed, never less.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

import darksite
from darksite import __version__, clock, loader
from darksite.i18n.sidecar import translation_files
from darksite.model import Incident
from darksite.ops.atomic import write_atomic
from darksite.render.views import site_view, site_wide_facts
from darksite.settings import Settings

FORMAT = 2
"""Bump when the manifest's meaning changes: older manifests then force a full build."""

MANIFESTS = "manifests"

RENDERING_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2",
                      "markupsafe", "pyyaml")
"""Libraries whose version can change the HTML of a page."""

HASHED_CONTENT_LIMIT = 1 << 20
"""Files up to this size are hashed by content; larger ones (videos) by size and mtime."""


@dataclass(frozen=True)
class IncidentRecord:
    """One incident file as a release was built from it."""

    file: str
    sha256: str
    id: str | None = None
    status: str | None = None
    last_updated: str | None = None
    """ISO 8601 with the file's offset, to the microsecond."""

    @property
    def is_public(self) -> bool:
        return self.status in ("active", "resolved")

    @property
    def is_built(self) -> bool:
        """Whether the release was built from this file (a held-back or broken file was not)."""
        return self.status in ("active", "resolved", "draft")


HELD = "held"
"""Record status of a file a release was not built from: invalid or unapproved, never public."""
BROKEN_DRAFT = "broken-draft"
"""Record status of a draft that did not load: never public, never blocks a publish."""


@dataclass(frozen=True)
class ReleaseManifest:
    """See the module docstring."""

    release: str
    site: str
    build_date: str
    site_facts: str
    incidents: tuple[IncidentRecord, ...]
    translations: Mapping[str, str] | None = None
    """SHA-256 of each translation file by name; None in a manifest written before them."""
    format: int = FORMAT

    def to_json(self) -> str:
        data: dict[str, object] = {
            "format": self.format, "release": self.release, "site": self.site,
            "build_date": self.build_date, "site_facts": self.site_facts,
        }
        if self.translations is not None:
            data["translations"] = dict(sorted(self.translations.items()))
        incidents = [
            {"file": r.file, "sha256": r.sha256, "id": r.id, "status": r.status,
             "last_updated": r.last_updated}
            for r in self.incidents
        ]
        # One line per incident: readable, and json's fast encoder (no indent=).
        lines = [json.dumps(record, ensure_ascii=False) for record in incidents]
        head = json.dumps(data, ensure_ascii=False, sort_keys=True)[:-1]
        return head + ', "incidents": [\n' + ",\n".join(lines) + "\n]}\n"

    @classmethod
    def from_json(cls, text: str) -> ReleaseManifest | None:
        """The manifest in ``text``, or None if it is not one of this format (then: full build)."""
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT:
                return None
            translations = data.get("translations")
            if translations is not None and not (isinstance(translations, dict) and all(
                    isinstance(value, str) for value in translations.values())):
                return None
            return cls(
                release=str(data["release"]), site=str(data["site"]),
                build_date=str(data["build_date"]), site_facts=str(data["site_facts"]),
                incidents=tuple(IncidentRecord(**record) for record in data["incidents"]),
                translations=translations,
            )
        except (ValueError, TypeError, KeyError, AttributeError):
            return None


def manifest_path(root: Path, release: str) -> Path:
    return root / MANIFESTS / f"{release}.json"


def read_manifest(root: Path, release: str | None) -> ReleaseManifest | None:
    if release is None:
        return None
    try:
        text = manifest_path(root, release).read_text(encoding="utf-8")
    except OSError:
        return None
    manifest = ReleaseManifest.from_json(text)
    return manifest if manifest is not None and manifest.release == release else None


def write_manifest(root: Path, manifest: ReleaseManifest) -> None:
    folder = root / MANIFESTS
    folder.mkdir(exist_ok=True)
    write_atomic(manifest_path(root, manifest.release), manifest.to_json().encode("utf-8"))


def prune_manifests(root: Path, releases: Iterable[str]) -> None:
    """Delete the manifests of releases that no longer exist."""
    folder = root / MANIFESTS
    if not folder.is_dir():
        return
    keep = {f"{name}.json" for name in releases}
    for entry in folder.iterdir():
        if entry.name not in keep:
            try:
                entry.unlink()
            except OSError:
                continue


# -- published sources ---------------------------------------------------------------------

SOURCES = "published-sources"
"""``DIR/published-sources/<sha256>``: the exact bytes every public incident went live from.

Why: when an incident file later becomes invalid, or its approved text
changes, publish rebuilds that incident from its last published bytes, so
its page, feeds, status.json and lite page stay as they were while every
other incident is updated; ``rollback --to DIR ID`` takes an older one.
Content-addressed, so a file published unchanged a hundred times is stored
once; beside the releases (never served), pruned with the manifests.
"""


def source_path(root: Path, sha256: str) -> Path:
    return root / SOURCES / sha256


def store_sources(root: Path, files: Iterable[IncidentFile]) -> None:
    """Keep the bytes of ``files`` (those not stored yet); flushed by the release's sync."""
    folder = root / SOURCES
    folder.mkdir(exist_ok=True)
    for file in files:
        path = source_path(root, file.sha256)
        if path.is_file():
            continue
        temp = folder / f".tmp-{file.sha256}"
        temp.write_bytes(file.data)
        os.replace(temp, path)


def read_source(root: Path, sha256: str) -> bytes | None:
    """The stored bytes with this digest, or None if missing or damaged."""
    try:
        data = source_path(root, sha256).read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == sha256 else None


def prune_sources(root: Path, releases: Iterable[str]) -> None:
    """Delete stored sources no kept release's manifest refers to."""
    folder = root / SOURCES
    if not folder.is_dir():
        return
    wanted: set[str] = set()
    for name in releases:
        manifest = read_manifest(root, name)
        if manifest is None:
            return  # cannot tell what it needs: keep everything
        wanted.update(record.sha256 for record in manifest.incidents)
    for entry in folder.iterdir():
        if entry.name not in wanted:
            try:
                entry.unlink()
            except OSError:
                continue


# -- digests -------------------------------------------------------------------------------


def _hash_tree(digest: hashlib._Hash, folder: Path) -> None:
    if not folder.is_dir():
        digest.update(b"\0missing\0")
        return
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        digest.update(f"\0{relative}\0".encode())
        stat = path.stat()
        if stat.st_size <= HASHED_CONTENT_LIMIT:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        else:
            digest.update(f"{stat.st_size}:{stat.st_mtime_ns}".encode())


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def site_digest(config: MkDocsConfig, settings: Settings) -> str:
    """The digest of everything that can change every page (see the module docstring)."""
    digest = hashlib.sha256(f"darksite-site\0{FORMAT}\0{__version__}\0".encode())
    package = Path(darksite.__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".html", ".js", ".css", ".json", ".po"):
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name in RENDERING_PACKAGES:
        digest.update(f"\0{name}={_version(name)}".encode())
    digest.update(b"\0config\0")
    digest.update(Path(config.config_file_path).read_bytes())
    digest.update(b"\0docs\0")
    _hash_tree(digest, settings.docs_dir)
    digest.update(b"\0theme\0")
    if config.theme.custom_dir:
        _hash_tree(digest, Path(config.theme.custom_dir))
    return digest.hexdigest()


def translation_digests(settings: Settings) -> dict[str, str]:
    """SHA-256 of every translation file, by file name (the manifest's ``translations``).

    Taken with :func:`site_digest`, before the build reads the files.
    """
    digests = {}
    for path in translation_files(settings.incidents_dir):
        try:
            digests[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            digests[path.name] = "unreadable"
    return digests


def facts_text(incidents: Sequence[Incident], settings: Settings) -> str:
    """:func:`~darksite.render.views.site_wide_facts` for ``incidents``, as canonical JSON.

    Only the active incidents matter (the banner names them), so the fast
    path can compute it from those alone. Kept whole, not as a digest
    (it is a few hundred bytes): the fast path draws the live banner from it.
    """
    active = [incident for incident in incidents if incident.is_active]
    facts = site_wide_facts(site_view(active, settings))
    return json.dumps(facts, sort_keys=True, ensure_ascii=False)


def build_date() -> str:
    """MkDocs' build date: ``SOURCE_DATE_EPOCH`` if set, else today by the one clock.

    The plugin sets ``SOURCE_DATE_EPOCH`` from ``DARKSITE_NOW`` (see
    :mod:`darksite.clock`), so MkDocs' sitemap and this agree.
    """
    return clock.build_date()


# -- incident files ------------------------------------------------------------------------


@dataclass(frozen=True)
class IncidentFile:
    """One incident file read once: its name, path and bytes."""

    name: str
    path: Path
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def read_incident_files(settings: Settings) -> list[IncidentFile]:
    """Every incident file, in the loader's order, read once; unreadable ones are left out
    (the build reports them, so they never reach the fast path)."""
    files = []
    folder = settings.relative(settings.incidents_dir)
    for path in loader.incident_files(settings.incidents_dir):
        try:
            data = path.read_bytes()
        except OSError:
            continue
        # The loader's name for the file, without resolving each path (0.2 s at 1,000).
        name = settings.relative(path) if path.is_symlink() else f"{folder}/{path.name}"
        files.append(IncidentFile(name, path, data))
    return files


def moment_text(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def records(files: Sequence[IncidentFile], incidents: Iterable[Incident]) -> tuple[
        IncidentRecord, ...]:
    """The manifest's incident records: the digests of ``files``, the facts of ``incidents``."""
    by_source = {incident.source: incident for incident in incidents}
    result = []
    for file in files:
        incident = by_source.get(file.name)
        result.append(IncidentRecord(
            file=file.name, sha256=file.sha256,
            id=incident.id if incident else None,
            status=str(incident.status) if incident else None,
            last_updated=moment_text(incident.last_updated) if incident else None,
        ))
    return tuple(result)


def config_reason_for_full_build(config: MkDocsConfig) -> str | None:
    """Why this project's configuration always needs a full build, or None.

    Other plugins and hooks may write anything anywhere in the site, extra
    templates may list every page, and ``!ENV`` or ``INHERIT`` make the
    configuration depend on more than ``mkdocs.yml``'s bytes.
    """
    others = [name for name in config.plugins if name != "darksite"]
    if others:
        return f"mkdocs.yml enables other plugins ({', '.join(others)})"
    if config.hooks:
        return "mkdocs.yml sets hooks"
    if config.extra_templates:
        return "mkdocs.yml sets extra_templates"
    text = Path(config.config_file_path).read_text(encoding="utf-8", errors="replace")
    if "!ENV" in text or "INHERIT" in text:
        return "mkdocs.yml uses !ENV or INHERIT"
    return None
