"""The rehearsal page shows what ``check`` says, for people, judged against the real site URL.

``mkdocs serve`` (which ``darksite rehearse`` runs) replaces ``site_url``
with ``http://127.0.0.1:PORT/`` before the plugin runs; ``rehearse`` keeps
the real one in ``DARKSITE_PUBLIC_SITE_URL``. These builds set the two as
the server does, and read the rehearsal page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from darksite.settings import PUBLIC_SITE_URL_ENV
from tests.conftest import build_project, incident_yaml, make_project

X_POST = ("channels:\n  x: \"Water is off in Eastfield. Updates: "
          "https://status.example.com/burst/\"\n")


def _rehearsal(tmp_path: Path) -> str:
    root = make_project(tmp_path, {"burst.yaml": incident_yaml(
        "burst", extra=X_POST).replace("next_update: 2026-11-27T18:00:00+01:00",
                                       "next_update: 2026-11-26T08:00:00+00:00")})
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "site_url: https://status.example.com/", "site_url: http://127.0.0.1:8000/"),
        encoding="utf-8")
    site = build_project(root, rehearsal=True)
    return (site / "burst" / "index.html").read_text(encoding="utf-8")


def test_the_real_site_url_is_not_reported_as_unknown(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PUBLIC_SITE_URL_ENV, "https://status.example.com/")
    html = _rehearsal(tmp_path)
    box = html[html.index('id="incident-warnings"'):]
    box = box[:box.index("</aside>")]
    assert "<code>next-update-overdue</code>" in box
    assert "unknown-url" not in box and "127.0.0.1" not in box


def test_without_the_real_url_the_server_address_would_be_judged(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PUBLIC_SITE_URL_ENV, raising=False)
    html = _rehearsal(tmp_path)
    assert "<code>unknown-url</code>" in html  # what rehearse used to show


def test_findings_are_worded_for_people(tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PUBLIC_SITE_URL_ENV, "https://status.example.com/")
    html = _rehearsal(tmp_path)
    box = html[html.index('id="incident-warnings"'):]
    box = box[:box.index("</aside>")]
    assert "Warning, line " in box and "(next_update):" in box and "How to fix:" in box
    assert "incidents/burst.yaml:" not in box and "warning[" not in box


@pytest.mark.slow
def test_a_build_error_during_rehearse_shows_on_the_page(tmp_path: Path) -> None:
    import os
    import subprocess

    from tests.browser_support import free_port
    from tests.conftest import DARKSITE
    from tests.test_ops_rehearse import DIAGNOSED, poll, stop

    root = make_project(tmp_path / "project",
                        {"burst.yaml": incident_yaml("burst", marker="REHOK")})
    port = free_port()
    env = {**{k: v for k, v in os.environ.items() if k != "DARKSITE_REHEARSAL"}, **DIAGNOSED}
    log = (tmp_path / "rehearse.log").open("w")
    process = subprocess.Popen([DARKSITE, "rehearse", "-a", f"127.0.0.1:{port}"], cwd=root,
                               stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}/burst/"
    try:
        poll(url, process, "REHOK-TITLE")
        incident = root / "incidents" / "burst.yaml"
        incident.write_text(incident.read_text(encoding="utf-8").replace(
            "severity: major", "severity: catastrophic"), encoding="utf-8")
        page = poll(url, process, "The rehearsal could not be rebuilt")
        assert "incidents/burst.yaml, line 4" in page and "(severity)" in page
        assert "expected one of: critical, major, minor" in page and "[invalid-value]" not in page
        incident.write_text(incident.read_text(encoding="utf-8").replace(
            "severity: catastrophic", "severity: major"), encoding="utf-8")
        poll(url, process, "REHOK-TITLE")
    finally:
        stop(process, log)
