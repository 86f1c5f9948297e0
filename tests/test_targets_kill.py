"""SIGKILL during an S3 upload, then the same command: the bucket serves one complete release."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from darksite.cli import main
from tests.conftest import DARKSITE, incident_yaml, make_project
from tests.s3_support import Proxy, broken_links, client, moto_server
from tests.test_targets_s3 import assert_bucket_is, live_release, objects

pytestmark = pytest.mark.slow


@pytest.fixture
def endpoint() -> Iterator[str]:
    with moto_server() as url:
        client(url).create_bucket(Bucket="site")
        yield url


def test_a_publish_killed_mid_upload_then_run_again_leaves_one_complete_release(
        tmp_path: Path, endpoint: str, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path / "project", {
        "water-2026.yaml": incident_yaml("water-2026", marker="WATERLIVE")})
    monkeypatch.chdir(root)
    monkeypatch.delenv("DARKSITE_REHEARSAL", raising=False)
    assert main(["publish", "--to", "public", "--to", "s3://site/www",
                 "--endpoint-url", endpoint]) == 0
    old = live_release(root / "public")
    (root / "incidents" / "gas-2026.yaml").write_text(
        incident_yaml("gas-2026", marker="GASLIVE"), encoding="utf-8")
    proxy = Proxy(endpoint, delay=0.1)  # every 16 KB sent waits: the upload takes seconds
    command = [DARKSITE, "publish", "--to", "public", "--to", "s3://site/www",
               "--endpoint-url", proxy.url]
    s3 = client(endpoint)
    process = subprocess.Popen(command, cwd=root, start_new_session=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while "www/gas-2026/index.html" not in {f"www/{key}" for key in objects(s3, "site", "www/")}:
        assert process.poll() is None, "the publish ended before it could be killed"
        assert time.monotonic() < deadline, "the new pages never started going up"
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    # Killed after the new pages started going up, before the switch: the old release is
    # named live, and every link a reader follows works.
    state = s3.get_object(Bucket="site", Key="www/.darksite/state.json")["Body"].read()
    assert old.name in state.decode()
    assert broken_links(s3, "site", "www/") == []
    proxy.delay = 0.0
    again = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    row = next(line.split() for line in again.stdout.splitlines()
               if line.startswith("s3://site/www"))
    assert row[1] == "live" and int(row[4]) > 0  # what the killed run uploaded is kept
    assert_bucket_is(s3, "site", "www/", live_release(root / "public"))
    assert broken_links(s3, "site", "www/") == []
    proxy.close()
