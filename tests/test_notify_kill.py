"""SIGKILL a real ``darksite notify`` again and again during its send loop, then finish it.

Like the publish kill tests (tests/publish_kill_support.py): a separate
process is killed after delays spread over the length of a run, and the
same command is run again until it completes. The SMTP server (aiosmtpd, in
this process) counts Message-IDs: none may arrive twice, and every
recipient must have one, except a message the outbox itself reports as
*uncertain* (killed in the microseconds between recording "sending" and
writing the final "."; docs/notify.md, "The uncertain window"): those are
counted and shown, never sent twice. A full disk under the outbox (a small
tmpfs, root only) is the second fault.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import DARKSITE, incident_yaml
from tests.notify_support import MailSink, approve_and_publish, notify_options, write_recipients
from tests.publish_kill_support import spread_delays

RECIPIENTS = 2000
KILLS = 8


def _project(project, tmp_path: Path, port: int, outbox: str | None = None) -> tuple[Path, list]:
    lists = tmp_path / "lists"
    lists.mkdir()
    staff = write_recipients(lists / "staff.csv", RECIPIENTS // 2, prefix="staff")
    public = write_recipients(lists / "public.csv", RECIPIENTS // 2, prefix="public")
    audiences = {
        "staff": {"kind": "email", "internal": True, "recipients": str(lists / "staff.csv"),
                  "rate": 100000, "connections": 2},
        "public": {"kind": "email", "recipients": str(lists / "public.csv"), "rate": 100000,
                   "connections": 2, "unsubscribe_mailto": "leave@testwind.example"},
    }
    extra = {"outbox": outbox} if outbox else {}
    root = project({"water.yaml": incident_yaml("water")},
                   plugin_options={"notify": notify_options(port, audiences, **extra)})
    approve_and_publish(root, "water")
    return root, staff + public


def _start(root: Path) -> subprocess.Popen:
    return subprocess.Popen([DARKSITE, "notify", "water", "--public"], cwd=root,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _states(outbox: Path) -> dict[str, list[str]]:
    db = sqlite3.connect(str(outbox))
    try:
        states: dict[str, list[str]] = {}
        for state, address in db.execute("SELECT state, address FROM messages"):
            states.setdefault(state, []).append(address)
        return states
    finally:
        db.close()


def _check_exactly_once(sink: MailSink, everyone: list[str], outbox: Path) -> dict:
    assert sink.duplicates() == {}, "a message arrived twice"
    received = [rcpt for _, rcpts, _ in sink.messages for rcpt in rcpts]
    assert len(received) == len(set(received)), "a recipient got two messages"
    states = _states(outbox)
    uncertain = set(states.get("uncertain", []))
    missing = set(everyone) - set(received)
    assert missing <= uncertain, f"lost without a trace: {sorted(missing - uncertain)[:5]}"
    assert set(states) <= {"sent", "uncertain"}, {k: len(v) for k, v in states.items()}
    return {"received": len(received), "uncertain": len(uncertain),
            "uncertain_but_delivered": len(uncertain - missing)}


@pytest.mark.slow
def test_kill_loop_delivers_each_message_once(project, tmp_path):
    with MailSink() as sink:
        root, everyone = _project(project, tmp_path, sink.port)
        # How long one whole run takes here, to spread the kills over it.
        probe_started = time.monotonic()
        probe = _start(root)
        while len(sink.messages) < 50 and probe.poll() is None:
            time.sleep(0.01)
        first = time.monotonic() - probe_started
        probe.send_signal(signal.SIGKILL)
        probe.communicate(timeout=30)
        kills = 1
        for delay in spread_delays(first + 2.0, KILLS, seed=14):
            process = _start(root)
            time.sleep(delay)
            if process.poll() is not None:
                break  # it finished before the kill
            process.send_signal(signal.SIGKILL)
            process.communicate(timeout=30)
            kills += 1
            assert sink.duplicates() == {}
        final = _start(root)
        _out, _err = final.communicate(timeout=300)
        figures = _check_exactly_once(sink, everyone, root / ".darksite-notify/outbox.sqlite")
        print(f"{kills} kills: {figures}")
        assert kills >= 3
        assert figures["received"] + figures["uncertain"] - figures[
            "uncertain_but_delivered"] == RECIPIENTS
        # and once more: nothing at all is sent again
        before = len(sink.messages)
        again = _start(root)
        again.communicate(timeout=120)
        assert len(sink.messages) == before


def _mount_tmpfs(path: Path, size: str) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    path.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True)
    return done.returncode == 0


def _fill(folder: Path) -> Path:
    filler = folder / "filler"
    # Unbuffered: a buffered file would raise ENOSPC again when the with-block closes it.
    with filler.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
        except OSError:
            pass
    return filler


@pytest.mark.slow
def test_full_disk_at_any_moment_then_rerun(project, tmp_path):
    disk = tmp_path / "small-disk"
    if not _mount_tmpfs(disk, "12m"):
        pytest.skip("needs root and mount to make a small tmpfs for the full-disk test")
    try:
        with MailSink() as sink:
            root, everyone = _project(project, tmp_path, sink.port,
                                      outbox=str(disk / "outbox.sqlite"))
            filler = _fill(disk)  # full before anything is queued
            refused = subprocess.run([DARKSITE, "notify", "water", "--public"], cwd=root,
                                     capture_output=True, text=True, timeout=120)
            assert refused.returncode == 1
            assert "disk is full" in refused.stderr and "Traceback" not in refused.stderr
            assert sink.messages == []
            filler.unlink()
            for delay in (0.3, 0.8, 1.4):  # fill it again while messages go out
                process = _start(root)
                time.sleep(delay)
                filler = _fill(disk)
                _, err = process.communicate(timeout=120)
                assert "Traceback" not in err
                filler.unlink()
                assert sink.duplicates() == {}
            final = _start(root)
            _out, err = final.communicate(timeout=300)
            assert final.returncode == 0, err
            figures = _check_exactly_once(sink, everyone, disk / "outbox.sqlite")
            assert figures["uncertain"] == 0
            assert figures["received"] == RECIPIENTS
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)
