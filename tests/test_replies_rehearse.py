"""``darksite rehearse`` serves the reply queue: REHEARSAL, noindex, never in a site (issue 17).

A real rehearsal server on loopback, started and stopped as a person does
(Ctrl-C), with one comments file at the conventional path
``replies/<id>.jsonl`` and one given with ``--replies ID=FILE``.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.browser_support import free_port
from tests.conftest import DARKSITE, incident_yaml, make_project
from tests.test_ops_rehearse import DIAGNOSED, fetch, poll, stop


def _comments(path: Path, *texts: str) -> None:
    path.write_text("".join(json.dumps({"id": f"c{n}", "channel": "x", "author": "Sam Jones",
                                        "text": text, "time": "2026-11-20T09:00:00+00:00"})
                            + "\n" for n, text in enumerate(texts, 1)), encoding="utf-8")


@pytest.mark.slow
def test_rehearse_serves_each_reply_queue_marked_rehearsal_and_never_builds_it(
        tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", {
        "water-outage.yaml": incident_yaml("water-outage", marker="REHLIVE"),
        "draft-gas-leak.yaml": incident_yaml("draft-gas-leak", status="draft",
                                             marker="REHDRAFT"),
    })
    (root / "replies").mkdir()
    _comments(root / "replies" / "water-outage.jsonl",
              "When will the water be back on?",
              "My dad was on his own all night and nobody could reach him.")
    elsewhere = tmp_path / "export.csv"
    elsewhere.write_text("id,channel,author,text,time\n"
                         "e1,facebook,Ann Lee,absolute clowns the lot of you,"
                         "2026-11-20T09:05:00+00:00\n", encoding="utf-8")
    port = free_port()
    env = {**{k: v for k, v in os.environ.items() if k != "DARKSITE_REHEARSAL"}, **DIAGNOSED}
    log = (tmp_path / "rehearse.log").open("w")
    process = subprocess.Popen(
        [DARKSITE, "rehearse", "-a", f"127.0.0.1:{port}", "--replies",
         f"draft-gas-leak={elsewhere}"], cwd=root, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        queue = poll(f"{base}/replies/water-outage/", process, "Reply queue")
        assert "REHEARSAL - NOT PUBLIC" in queue
        assert 'name="robots" content="noindex' in queue
        assert "When will the water be back on?" in queue
        article = queue[queue.index('id="comment-c2"'):]
        article = article[:article.index("</article>")]
        assert "Sensitive: private route only" in article
        assert "on his own all night" not in article.split("<textarea", 1)[-1]

        draft_queue = fetch(f"{base}/replies/draft-gas-leak/")
        assert draft_queue is not None and "REHEARSAL - NOT PUBLIC" in draft_queue
        assert "absolute clowns the lot of you" in draft_queue and "Hostile" in draft_queue
        listing = fetch(f"{base}/replies/")
        assert listing is not None and 'href="water-outage/"' in listing
        assert 'href="draft-gas-leak/"' in listing

        _comments(root / "replies" / "water-outage.jsonl", "Is the water safe to drink NOW?")
        poll(f"{base}/replies/water-outage/", process, "Is the water safe to drink NOW?")
        assert "REHLIVE" in (fetch(f"{base}/water-outage/") or "")  # the site is still there
    finally:
        stop(process, log)
    output = (tmp_path / "rehearse.log").read_text(encoding="utf-8")
    assert f"Reply queue for water-outage at {base}/replies/water-outage/" in output
    assert process.returncode == 0, output
    assert not (root / "site").exists()


def test_rehearse_refuses_a_missing_comments_file_in_one_line(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project",
                        {"water-outage.yaml": incident_yaml("water-outage")})
    result = subprocess.run([DARKSITE, "rehearse", "-a", f"127.0.0.1:{free_port()}",
                             "--replies", "water-outage=nowhere.jsonl"], cwd=root,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "--replies water-outage=nowhere.jsonl: no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_rehearse_refuses_replies_for_an_unknown_incident(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project",
                        {"water-outage.yaml": incident_yaml("water-outage")})
    (root / "replies").mkdir()
    _comments(root / "replies" / "no-such-incident.jsonl", "Hello?")
    result = subprocess.run([DARKSITE, "rehearse", "-a", f"127.0.0.1:{free_port()}"],
                            cwd=root, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "replies/no-such-incident.jsonl" in result.stderr
    assert "Traceback" not in result.stderr
