"""``darksite rehearse``: drafts served over HTTP, marked REHEARSAL, reloaded on edits."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO, Any

import pytest

from tests.browser_support import free_port
from tests.conftest import DARKSITE, incident_yaml, make_project


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def poll(url: str, process: subprocess.Popen, want: str, timeout: float = 40) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "darksite rehearse exited early"
        body = fetch(url)
        if body is not None and want in body:
            return body
        time.sleep(0.2)
    raise AssertionError(f"{url} never showed {want!r}")


@pytest.mark.slow
def stop(process: subprocess.Popen, log: IO[Any]) -> None:
    """Interrupt ``darksite rehearse`` as a person does (Ctrl-C), then close its log.

    A server that has not stopped after 30 s is sent SIGABRT: started with
    ``PYTHONFAULTHANDLER=1`` (:data:`DIAGNOSED`), it writes every thread's
    stack into its log first, so a hang (seen once, under heavy load) says
    where it hung; the test then fails on the exit status, log attached.
    """
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGABRT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    log.close()


DIAGNOSED = {"PYTHONFAULTHANDLER": "1"}
"""Environment for a server stopped by :func:`stop`: its stacks on SIGABRT."""


def test_rehearse_serves_drafts_with_the_banner_and_reloads_on_edits(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", {
        "water-outage.yaml": incident_yaml("water-outage", marker="REHLIVE"),
        "draft-gas-leak.yaml": incident_yaml("draft-gas-leak", status="draft",
                                             marker="REHDRAFT"),
    })
    port = free_port()
    env = {**{k: v for k, v in os.environ.items() if k != "DARKSITE_REHEARSAL"}, **DIAGNOSED}
    log = (tmp_path / "rehearse.log").open("w")
    process = subprocess.Popen([DARKSITE, "rehearse", "-a", f"127.0.0.1:{port}"], cwd=root,
                               stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        page = poll(f"http://127.0.0.1:{port}/draft-gas-leak/", process, "REHDRAFT-TITLE")
        assert "REHEARSAL - NOT PUBLIC" in page
        assert 'name="robots" content="noindex' in page
        home = fetch(f"http://127.0.0.1:{port}/")
        assert home is not None and "REHEARSAL - NOT PUBLIC" in home

        draft = root / "incidents" / "draft-gas-leak.yaml"
        draft.write_text(draft.read_text(encoding="utf-8").replace(
            "REHDRAFT-TITLE", "REHEDITED-TITLE"), encoding="utf-8")
        poll(f"http://127.0.0.1:{port}/draft-gas-leak/", process, "REHEDITED-TITLE")
    finally:
        stop(process, log)
    output = (tmp_path / "rehearse.log").read_text(encoding="utf-8")
    assert f"Rehearsal at http://127.0.0.1:{port}/" in output
    assert process.returncode == 0, output
    assert not (root / "site").exists()  # a rehearsal never writes the public site folder


def test_ctrl_c_stops_a_rehearsal_started_with_sigint_ignored(tmp_path: Path) -> None:
    """A non-interactive shell starts background jobs with SIGINT ignored (``darksite
    rehearse &`` in a script, a CI job): Python then has no Ctrl+C handler of its own."""
    root = make_project(tmp_path / "project", {
        "water-outage.yaml": incident_yaml("water-outage", marker="REHLIVE")})
    port = free_port()
    env = {**{k: v for k, v in os.environ.items() if k != "DARKSITE_REHEARSAL"}, **DIAGNOSED}
    log = (tmp_path / "rehearse.log").open("w")
    process = subprocess.Popen(
        [DARKSITE, "rehearse", "-a", f"127.0.0.1:{port}"], cwd=root, stdout=log,
        stderr=subprocess.STDOUT, env=env,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        poll(f"http://127.0.0.1:{port}/water-outage/", process, "REHLIVE")
    finally:
        stop(process, log)
    assert process.returncode == 0, (tmp_path / "rehearse.log").read_text(encoding="utf-8")


def test_stop_on_sigterm_restores_an_ignored_ctrl_c() -> None:
    from darksite.ops.signals import stop_on_sigterm

    before = signal.signal(signal.SIGINT, signal.SIG_IGN), signal.getsignal(signal.SIGTERM)
    try:
        stop_on_sigterm()
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
        assert signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, signal.SIG_IGN)
    finally:
        signal.signal(signal.SIGINT, before[0])
        signal.signal(signal.SIGTERM, before[1])


def test_rehearse_with_invalid_incidents_lists_them_and_exits_1(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", {
        "water-outage.yaml": incident_yaml("water-outage").replace("status: active",
                                                                   "status: activ"),
    })
    result = subprocess.run([DARKSITE, "rehearse", "-a", f"127.0.0.1:{free_port()}"], cwd=root,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "incidents/water-outage.yaml:3:" in result.stderr
    assert "Traceback" not in result.stderr
