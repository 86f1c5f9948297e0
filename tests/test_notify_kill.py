"""SIGKILL a real ``darksite notify`` again and again during its send loop, then finish it.

Like the publish kill tests (tests/publish_kill_support.py): a separate
process sending to 10,000 recipients is killed after delays spread over
the send, and the same command is run again until it completes. The SMTP server (aiosmtpd, in
this process) counts Message-IDs: none may arrive twice, and every
recipient must have one, except a message the outbox itself reports as
*uncertain* (killed in the microseconds between recording "sending" and
writing the final "."; docs/notify.md, "The uncertain window"): those are
counted and shown, never sent twice. A full disk under the outbox (a small
tmpfs, root only) is the second fault.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import DARKSITE, incident_yaml
from tests.notify_support import (
    MailSink,
    approve_and_publish,
    notify_options,
    run_cli,
    write_recipients,
)

KILL_RECIPIENTS = 10_000
"""The issue's figure: the kill loop proves exactly-once over 10,000 recipients."""
RECIPIENTS = 2000
"""For the full-disk test (a 12 MB tmpfs)."""
KILLS = 8


def _project(project, tmp_path: Path, port: int, outbox: str | None = None,
             recipients: int = RECIPIENTS, connections: int = 2) -> tuple[Path, list]:
    lists = tmp_path / "lists"
    lists.mkdir()
    staff = write_recipients(lists / "staff.csv", recipients // 2, prefix="staff")
    public = write_recipients(lists / "public.csv", recipients // 2, prefix="public")
    audiences = {
        "staff": {"kind": "email", "internal": True, "recipients": str(lists / "staff.csv"),
                  "rate": 100000, "connections": connections},
        "public": {"kind": "email", "recipients": str(lists / "public.csv"), "rate": 100000,
                   "connections": connections, "unsubscribe_mailto": "leave@testwind.example"},
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


def _received_log(log: Path) -> list[tuple[str, str]]:
    """The SMTP server's received log: (recipient, Message-ID) per accepted message."""
    rows = []
    for line in log.read_text(encoding="utf-8").splitlines():
        rcpts, message_id = line.split(" ", 1)
        rows.extend((rcpt, message_id) for rcpt in rcpts.split(","))
    return rows


@pytest.mark.slow
def test_kill_loop_delivers_each_message_once(project, tmp_path, capsys):
    """10,000 recipients, a real ``darksite notify`` SIGKILLed again and again mid-send.

    The kills are spread over the whole send (seeded marks on the server's
    count), then one run goes to the end, and the server's received log is
    the judge: every recipient exactly once. Killing costs no time here: no
    work is ever redone, so the test takes about one send of 10,000.
    """
    log = tmp_path / "received.log"
    outbox = None
    with MailSink(log=log) as sink:
        root, everyone = _project(project, tmp_path, sink.port, recipients=KILL_RECIPIENTS,
                                  connections=4)
        outbox = root / ".darksite-notify/outbox.sqlite"
        rng = random.Random(14)
        # One kill while the first run is still starting and queueing, then one in each
        # ninth of the send: each run is killed when the server's count passes its mark
        # (machine speed does not matter), so the kills land early, in the middle and
        # late, in the internal tier and the public one.
        marks = [KILL_RECIPIENTS * (n + rng.random()) / (KILLS + 1) for n in range(KILLS)]
        process = _start(root)
        time.sleep(0.3)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
        kills = 1
        for mark in marks:
            process = _start(root)
            while len(sink.messages) < mark and process.poll() is None:
                time.sleep(0.005)
            if process.poll() is not None:
                break  # it finished before the kill
            process.send_signal(signal.SIGKILL)
            process.communicate(timeout=30)
            kills += 1
            assert sink.duplicates() == {}, f"kill {kills}: a message arrived twice"
        final = _start(root)
        _out, err = final.communicate(timeout=600)
        assert final.returncode == 0 and "Traceback" not in err, err
        received = _received_log(log)
        assert len(received) == len(sink.messages)
        assert len({m for _, m in received}) == len(received), "a Message-ID arrived twice"
        figures = _check_exactly_once(sink, everyone, outbox)
        with capsys.disabled():
            print(f"\n{kills} kills over {KILL_RECIPIENTS} recipients: {figures}")
        assert kills == KILLS + 1
        # The operator's step for the uncertain window: --status lists the uncertain
        # addresses, the relay's log (here the sink's) shows which never arrived, and
        # --resend-to sends exactly those.
        capsys.readouterr()
        assert run_cli(root, "notify", "--status", "water") == 0
        listed = set(re.findall(r"uncertain: water \w+ (\S+@example\.org):",
                                capsys.readouterr().out))
        assert len(listed) == figures["uncertain"]
        arrived = {rcpt for rcpt, _ in received}
        never_arrived = sorted(listed - arrived)
        assert set(everyone) - arrived == set(never_arrived)
        if never_arrived:
            resend = [arg for address in never_arrived for arg in ("--resend-to", address)]
            assert run_cli(root, "notify", "water", "--public", *resend) == 0
        # every one of the 10,000 exactly once, by the server's received log
        counts = Counter(rcpt for rcpt, _ in _received_log(log))
        assert set(counts) == set(everyone) and set(counts.values()) == {1}
        # and once more: nothing at all is sent again, not even on a wrong --resend-to
        before = len(sink.messages)
        assert run_cli(root, "notify", "water", "--public", "--resend-to", everyone[0]) == 0
        assert "no uncertain message to that address" in capsys.readouterr().err
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
