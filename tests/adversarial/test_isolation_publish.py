"""One incident's problem never delays another's update, through ``publish``.

Two incidents are live. ``gas-b`` gets a syntax error, a validation error or
an unapproved edit; ``water-a`` gets a new update. The update must go live,
``gas-b`` must stay live exactly as it was (page, feed, lite page and its
status.json entry, byte for byte), and the command must name ``gas-b`` and
exit 1.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from darksite.ops.publish import publish
from darksite.outputs.precompress import precompress
from tests.adversarial.isolation_support import (  # noqa: F401 - fixtures
    Live,
    live_fixture,
    published_template_fixture,
    replace_in,
    status_entry,
)
from tests.conftest import build_project, incident_yaml

SYNTAX_ERROR = ("title: \"GB-TITLE water supply interrupted in Eastfield\"",
                "title: \"GB-TITLE water supply interrupted in Eastfield")
VALIDATION_ERROR = ("severity: major", "severity: enormous")
UNAPPROVED_EDIT = ("GB-STATEMENT A water main burst", "GB-STATEMENT A gas main burst")


def held_back_run(live: Live, capsys: pytest.CaptureFixture[str], edit: tuple[str, str],
                  *args: str) -> str:
    before = live.snapshot_b()
    replace_in(live.incident("gas-b.yaml"), *edit)
    live.update_a()
    code = live.cli("publish", "--to", str(live.out), *args)
    err = capsys.readouterr().err
    assert code == 1, err
    assert "WA-NEW-UPDATE" in live.page("water-a")
    assert live.snapshot_b() == before
    assert "HELD BACK incidents/gas-b.yaml" in err
    assert "its last published version stays live" in err
    assert "Traceback" not in err
    return err


def test_a_syntax_error_in_b_holds_only_b_back(live: Live, capsys) -> None:
    err = held_back_run(live, capsys, SYNTAX_ERROR)
    assert "incidents/gas-b.yaml:2:" in err


def test_a_validation_error_in_b_holds_only_b_back(live: Live, capsys) -> None:
    err = held_back_run(live, capsys, VALIDATION_ERROR)
    assert "incidents/gas-b.yaml:4:" in err and "severity" in err


def test_an_unapproved_edit_of_b_holds_only_b_back(live: Live, capsys) -> None:
    err = held_back_run(live, capsys, UNAPPROVED_EDIT)
    assert "approved by Dana Reyes" in err and "changed since: statement" in err
    assert "--allow-unapproved-changes gas-b" in err
    assert "GB-STATEMENT A gas main burst" not in live.page("gas-b")


def test_a_full_build_holds_b_back_the_same_way(live: Live, capsys) -> None:
    held_back_run(live, capsys, VALIDATION_ERROR, "--full")


def test_the_held_back_release_is_a_full_build_of_b_last_published_text(
        live: Live, capsys) -> None:
    """Pages, feeds, status.json and lite pages all agree: B as it was, A as it is now."""
    last_b = live.incident("gas-b.yaml").read_bytes()
    held_back_run(live, capsys, VALIDATION_ERROR)
    copy = live.root.parent / "copy"
    shutil.copytree(live.root, copy, symlinks=True)
    (copy / "incidents" / "gas-b.yaml").write_bytes(last_b)
    full = build_project(copy, site_dir=live.root.parent / "full")
    precompress(full)  # as publish does before a release may go live

    def tree(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
                if p.is_file() and p.name != ".darksite-release.json"}

    released, built = tree(live.current), tree(full)
    assert sorted(released) == sorted(built)
    assert [path for path in built if released[path] != built[path]] == []


def test_allow_unapproved_changes_lets_only_the_named_incident_through(
        live: Live, capsys) -> None:
    replace_in(live.incident("gas-b.yaml"), *UNAPPROVED_EDIT)
    replace_in(live.incident("water-a.yaml"), "WA-STATEMENT A water main burst",
               "WA-STATEMENT A very large water main burst")
    code = live.cli("publish", "--to", str(live.out), "--allow-unapproved-changes", "gas-b")
    err = capsys.readouterr().err
    assert code == 1
    assert "GB-STATEMENT A gas main burst" in live.page("gas-b")
    assert "published despite a changed approval: incidents/gas-b.yaml" in err
    assert "HELD BACK incidents/water-a.yaml" in err
    assert "very large water main burst" not in live.page("water-a")


def test_allowing_every_changed_incident_exits_0(live: Live, capsys) -> None:
    replace_in(live.incident("gas-b.yaml"), *UNAPPROVED_EDIT)
    code = live.cli("publish", "--to", str(live.out), "--allow-unapproved-changes", "gas-b",
                    "no-such-id")
    err = capsys.readouterr().err
    assert code == 0, err
    assert "--allow-unapproved-changes no-such-id: no incident with that id" in err


def test_a_never_published_broken_incident_stays_off(live: Live, capsys) -> None:
    text = incident_yaml("new-x", marker="NEWX").replace("severity: major", "severity: huge")
    live.incident("new-x.yaml").write_text(text, encoding="utf-8")
    live.update_a()
    code = live.cli("publish", "--to", str(live.out))
    err = capsys.readouterr().err
    assert code == 1
    assert "HELD BACK incidents/new-x.yaml" in err and "stays off the site" in err
    assert "incidents/new-x.yaml:4:" in err
    assert not (live.current / "new-x").exists()
    assert status_entry(live.current, "new-x") is None
    assert "NEWX" not in (live.current / "feed.xml").read_text(encoding="utf-8")
    assert "WA-NEW-UPDATE" in live.page("water-a")


def test_a_never_published_unparseable_file_is_held_back_and_not_public(
        live: Live, capsys) -> None:
    live.incident("junk.yaml").write_text("id: junk\ntitle: [unclosed\n", encoding="utf-8")
    live.update_a()
    code = live.cli("publish", "--to", str(live.out))
    err = capsys.readouterr().err
    assert code == 1
    assert "HELD BACK incidents/junk.yaml" in err and "incidents/junk.yaml:" in err
    assert not (live.current / "junk").exists()
    assert "WA-NEW-UPDATE" in live.page("water-a")


def test_a_syntax_error_in_a_draft_changes_nothing(live: Live, capsys) -> None:
    path = live.incident("draft-d.yaml")
    path.write_text(path.read_text(encoding="utf-8") + "title: [unclosed\n", encoding="utf-8")
    live.update_a()
    code = live.cli("publish", "--to", str(live.out))
    err = capsys.readouterr().err
    assert code == 0, err
    assert "HELD BACK" not in err
    assert "note: incidents/draft-d.yaml: draft with" in err
    assert "WA-NEW-UPDATE" in live.page("water-a")
    assert not (live.current / "draft-d").exists()


def test_b_goes_live_again_once_it_is_fixed(live: Live, capsys) -> None:
    original = live.incident("gas-b.yaml").read_text(encoding="utf-8")
    held_back_run(live, capsys, VALIDATION_ERROR)
    live.incident("gas-b.yaml").write_text(
        original.replace("GB-UPDATE-NEW", "GB-UPDATE-FIXED"), encoding="utf-8")
    code = live.cli("publish", "--to", str(live.out))
    assert code == 0, capsys.readouterr().err
    assert "GB-UPDATE-FIXED" in live.page("gas-b")


def test_the_python_api_lists_what_was_held_back(live: Live) -> None:
    replace_in(live.incident("gas-b.yaml"), *SYNTAX_ERROR)
    live.update_a()
    published = publish(None, live.out)
    [held] = published.held
    assert held.file == "incidents/gas-b.yaml" and held.last_published
    assert held.diagnostics and all(d.file == "incidents/gas-b.yaml" for d in held.diagnostics)
    assert published.way.startswith("fast path")
    assert not published.complete


def test_bare_allow_unapproved_changes_is_a_usage_error(live: Live, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        live.cli("publish", "--to", str(live.out), "--allow-unapproved-changes")
    assert exited.value.code == 2
    assert "--allow-unapproved-changes" in capsys.readouterr().err


def test_a_new_file_reusing_a_live_id_is_held_back_and_the_live_one_stays(
        live: Live, capsys) -> None:
    before = live.snapshot_b()
    text = live.incident("gas-b.yaml").read_text(encoding="utf-8")
    live.incident("gas-b.yml").write_text(text.replace("GB-UPDATE-NEW", "IMPOSTOR-UPDATE"),
                                          encoding="utf-8")
    live.update_a()
    code = live.cli("publish", "--to", str(live.out))
    err = capsys.readouterr().err
    assert code == 1, err
    assert "HELD BACK incidents/gas-b.yml" in err and "duplicate" in err
    assert live.snapshot_b() == before
    assert "IMPOSTOR" not in live.page("gas-b")
    assert "WA-NEW-UPDATE" in live.page("water-a")


def test_a_missing_incidents_folder_never_publishes_an_empty_site(tmp_path: Path) -> None:
    """Read as "no incidents", it would take every live crisis page off the site."""
    from darksite.errors import PublishError
    from darksite.ops.publish import publish
    from tests.conftest import incident_yaml, make_project

    root = make_project(tmp_path / "project", {"water.yaml": incident_yaml("water")})
    out = tmp_path / "public"
    first = publish(root / "mkdocs.yml", out)
    (root / "incidents").rename(root / "incidents.moved")
    with pytest.raises(PublishError, match=r"the incidents folder does not exist \(incidents/\)"):
        publish(root / "mkdocs.yml", out)
    assert os.readlink(out / "current") == f"releases/{first.release}"
    assert (out / "current" / "water" / "index.html").is_file()
