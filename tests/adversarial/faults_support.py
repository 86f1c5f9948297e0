"""What the fault tests share: a real project, real tmpfs mounts, and what 'nothing changed' means.

- :func:`fault_project` writes a project (one approved active incident, one
  draft) at a moment when it has no warning, so that a failing command's
  stderr is exactly its one error line.
- :func:`tmpfs` mounts a small real tmpfs (root only; the test is skipped
  with the reason otherwise); :func:`fill` fills it to the last page.
- :func:`run` calls the CLI in-process and returns (exit code, stdout, stderr).
- :func:`files_of` and :func:`live_state` are the "before" and "after" that
  the tests compare byte for byte.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import DARKSITE, incident_yaml, make_project

QUIET_NOW = "2026-11-21T09:00:00+00:00"
"""Half an hour after the fixture incident's last update: no message-check warning."""

def _sms(incident_id: str) -> str:
    """A hand-written SMS: the fixture's marked title and advice are too long to compose one
    with the link (``channel-cannot-fit``), and these tests want no warning at all."""
    return (f'channels:\n  sms: "Water off in Eastfield. Collect bottled water at Mill Road. '
            f'https://status.example.com/{incident_id}/"\n')


ACTIVE = incident_yaml("water-outage", marker="FAULTLIVE", extra=_sms("water-outage"))
DRAFT = incident_yaml("draft-gas-leak", status="draft", marker="FAULTDRAFT",
                      extra=_sms("draft-gas-leak"))


def run(*args: str) -> tuple[int, str, str]:
    """``darksite ARGS`` in this process: (exit code, stdout, stderr)."""
    import io

    from darksite.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def run_process(cwd: Path, *args: str, prefix: tuple[str, ...] = (),
                env: dict[str, str] | None = None,
                timeout: float = 120) -> subprocess.CompletedProcess:
    """``darksite ARGS`` as its own process (``prefix``: e.g. setpriv to drop capabilities)."""
    return subprocess.run([*prefix, DARKSITE, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


def one_error_line(stderr: str) -> str:
    """The single line a failing command prints; fails the test on a traceback or on more."""
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("darksite: "), stderr
    return lines[0]


def fault_project(root: Path, monkeypatch: pytest.MonkeyPatch, *, publish_to: str | None = None,
                  **options) -> Path:
    """An approved active incident and a draft at :data:`QUIET_NOW`; cwd is the project."""
    monkeypatch.setenv("DARKSITE_NOW", QUIET_NOW)
    monkeypatch.delenv("DARKSITE_REHEARSAL", raising=False)
    monkeypatch.delenv("DARKSITE_DEBUG", raising=False)
    project = make_project(root, {"water-outage.yaml": ACTIVE, "draft-gas-leak.yaml": DRAFT},
                           **options)
    monkeypatch.chdir(project)
    code, _, err = run("approve", "water-outage", "--by", "Dana Reyes")
    assert code == 0, err
    if publish_to is not None:
        code, _, err = run("publish", "--to", publish_to)
        assert code == 0, err
    return project


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (lock files aside) by relative path, with its bytes."""
    found: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if ".darksite-locks" in relative or not path.is_file() or path.is_symlink():
            continue
        found[relative] = path.read_bytes()
    return found


def live_state(out: Path) -> tuple[str, dict[str, str]]:
    """Where ``current`` points, and the SHA-256 of every file it serves."""
    link = os.readlink(out / "current")
    live = (out / "current").resolve()
    digests = {path.relative_to(live).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
               for path in sorted(live.rglob("*")) if path.is_file()}
    return link, digests


def assert_serves_complete_site(out: Path) -> None:
    """``current`` is a complete release: marker, home page and the incident's page."""
    live = (out / "current").resolve()
    assert (live / ".darksite-release.json").is_file()
    assert "FAULTLIVE" in (live / "water-outage" / "index.html").read_text(encoding="utf-8")
    assert (live / "index.html").stat().st_size > 0


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@contextlib.contextmanager
def tmpfs(where: Path, size: str = "24m") -> Iterator[Path]:
    """A real tmpfs of ``size`` mounted at ``where``; skips the test when that is impossible."""
    if not is_root():
        pytest.skip("mounting a tmpfs needs root")
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        os.chdir(where.parent)
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def remount(where: Path, mode: str) -> None:
    """``mount -o remount,ro`` (or ``rw``) of a tmpfs made by :func:`tmpfs`."""
    subprocess.run(["mount", "-o", f"remount,{mode}", str(where)], check=True)


def fill(where: Path) -> Path:
    """Fill the file system of ``where`` to its last page; returns the filler file."""
    filler = where / "filler"
    with open(filler, "wb", buffering=0) as stream:
        for chunk in (1 << 20, 1 << 16, 4096, 512, 1):
            block = b"\0" * chunk
            while True:
                try:
                    stream.write(block)
                except OSError:
                    break
    return filler


DROP_DAC = ("setpriv", "--bounding-set=-dac_override,-dac_read_search")
"""Root without the capabilities that let it read any file: chmod 000 then means no."""


def can_drop_dac() -> bool:
    if not is_root():
        return False
    try:
        probe = subprocess.run([*DROP_DAC, sys.executable, "-c", "0"], capture_output=True)
    except OSError:
        return False
    return probe.returncode == 0
