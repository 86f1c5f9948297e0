"""A spare copy of the live release, made in the background, for the next fast publish.

Hard-linking a release of 1,000 incidents (2,000 folders, 3,000 files) takes
about a fifth of a second, a good part of a fast publish. Between two
publishes there is time to spare (someone is typing the next update), so
after each publish a background process (``python -m darksite.ops.spare DIR
RELEASE``) makes the copy the next fast publish will start from:
``DIR/.spare/<release>``. It builds it under a temporary name and renames it
into place only when it is whole, so a spare that exists is complete.

The next publish (under the publish lock) takes the spare of the live
release with one rename, or copies the release itself if there is none
(not yet made, or the live release changed since); spares of other
releases are thrown away. A spare is never served and never becomes
``current`` except by being renamed into ``releases/`` as a new release,
which then gets its files rewritten and its own completion marker.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

from darksite.ops.clone import clone_release

SPARES = ".spare"
TEMP_PREFIX = ".tmp-"


def take_spare(root: Path, release: str, target: Path) -> bool:
    """Move the spare copy of ``release`` to ``target``; False if there is none."""
    try:
        os.rename(root / SPARES / release, target)
    except OSError:
        return False
    return True


def stale_spares(root: Path, live: str | None) -> list[Path]:
    """Spares (and half-made ones) of anything but the live release: to be thrown away."""
    folder = root / SPARES
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    return [entry for entry in entries if entry.name != live]


def start_spare(root: Path, release: str) -> None:
    """Start the background process that makes ``DIR/.spare/<release>``; never waits for it.

    It runs in its own session with no standard streams, so it holds none of
    our pipes or locks; if it cannot start, the next publish copies instead.
    """
    try:
        subprocess.Popen([sys.executable, "-m", "darksite.ops.spare", str(root), release],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, close_fds=True, start_new_session=True)
    except OSError:
        return


def make_spare(root: Path, release: str) -> None:
    """Copy ``DIR/releases/<release>`` to ``DIR/.spare/<release>``, whole or not at all."""
    from darksite.ops.releases import RELEASES

    folder = root / SPARES
    folder.mkdir(exist_ok=True)
    temp = folder / f"{TEMP_PREFIX}{release}-{secrets.token_hex(3)}"
    try:
        clone_release(root / RELEASES / release, temp)
        os.rename(temp, folder / release)
    except OSError:
        import shutil

        shutil.rmtree(temp, ignore_errors=True)


if __name__ == "__main__":  # pragma: no cover - run by start_spare in a background process
    make_spare(Path(sys.argv[1]), sys.argv[2])
