"""What every target is: a place a finished, verified release is copied to and read back from.

A target never builds anything: ``publish`` builds and verifies the release
in a local publish folder first (:mod:`darksite.ops.publish`), then hands the
finished folder to each target. Each target puts it in place in its own safe
order, then fetches it back and compares digests: a target is only reported
``live`` once what readers get there is byte for byte the release.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from darksite.errors import DarksiteError

LIVE = "live"
UNCHANGED = "unchanged"
FAILED = "FAILED"


class TargetError(DarksiteError):
    """A target could not take the release (down, refused, not what it should be)."""


@dataclass(frozen=True)
class Delivery:
    """What one target did with one release, for the command's table."""

    target: str
    state: str
    """``live``, ``unchanged`` (it already served this release) or ``FAILED``."""
    release: str | None = None
    """The release the target serves now, as far as darksite knows."""
    uploaded: int = 0
    skipped: int = 0
    deleted: int = 0
    verified: int = 0
    seconds: float = 0.0
    message: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.state != FAILED


class Target(Protocol):
    """A place to publish to: ``put`` then ``verify``, each raising :class:`TargetError`."""

    @property
    def name(self) -> str:
        """As the user wrote it on the command line (``s3://bucket/site``)."""
        ...

    def put(self, release: Path, name: str, *, source_root: Path, keep: int) -> Delivery:
        """Make ``release`` (a complete local release folder called ``name``) live here."""
        ...

    def verify(self, release: Path, name: str) -> int:
        """Fetch what is live back and compare it with ``release``: files checked."""
        ...
