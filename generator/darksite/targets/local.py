"""A second local publish folder (another disk, an NFS mount a second web server reads).

The release is copied (never hard-linked: a mirror must survive the loss of
the first disk) into ``DIR/releases/<release>/`` with the same layout and
guarantees as ``publish --to DIR`` (:class:`darksite.ops.releases.PublishDir`):
the completion marker written last, ``current`` switched in one rename, old
releases pruned. The release's manifest goes along, so ``rollback --to DIR``
works on the mirror too. Read back by comparing the SHA-256 of every file
that ``DIR/current`` serves with the release's.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from darksite.ops.manifest import manifest_path
from darksite.ops.releases import MARKER, PublishDir
from darksite.targets.base import LIVE, UNCHANGED, Delivery, TargetError
from darksite.targets.objects import sha256_of, site_files

AGAIN = "run the same command again"


class LocalTarget:
    """See the module docstring."""

    def __init__(self, spec: str) -> None:
        self.spec = spec
        self.folder = PublishDir(Path(spec).absolute())

    @property
    def name(self) -> str:
        return self.spec

    def put(self, release: Path, name: str, *, source_root: Path, keep: int = 5) -> Delivery:
        started = time.monotonic()
        try:
            self.folder.ensure()
            with self.folder.lock():
                self.folder.clean_stale()
                if self.folder.current_name() == name and self.folder.is_complete(name):
                    return Delivery(self.spec, UNCHANGED, release=name,
                                    seconds=time.monotonic() - started)
                copy = self.folder.releases / name
                if copy.exists():
                    self.folder.discard(name)
                shutil.copytree(release, copy, ignore=shutil.ignore_patterns(MARKER),
                                symlinks=True)
                manifest = manifest_path(source_root, name)
                if manifest.is_file():
                    manifest_path(self.folder.root, name).parent.mkdir(exist_ok=True)
                    shutil.copy2(manifest, manifest_path(self.folder.root, name))
                self.folder.mark_complete(name, {"mirrored_from": str(release)})
                self.folder.switch_to(name)
                self.folder.prune(keep)
        except OSError as error:
            raise TargetError(f"{self.spec}: {error.strerror or error} "
                              f"({error.filename or self.spec}); {AGAIN}") from None
        copied = len(site_files(release, hosting_files=True))
        return Delivery(self.spec, LIVE, release=name, uploaded=copied,
                        seconds=time.monotonic() - started)

    def verify(self, release: Path, name: str) -> int:
        live = self.folder.current.resolve()
        if live.name != name:
            raise TargetError(f"{self.spec}: current is {live.name}, not {name}; {AGAIN}")
        files = site_files(release, hosting_files=True)
        wrong = [f.key for f in files
                 if not (live / f.key).is_file() or sha256_of(live / f.key) != f.sha256]
        if wrong:
            raise TargetError(f"{self.spec}: read back, {len(wrong)} file(s) differ from the "
                              f"release ({', '.join(wrong[:5])}); {AGAIN}")
        return len(files)
