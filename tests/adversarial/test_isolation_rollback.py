"""``rollback`` never surprises a reader: it lists what changes and will not drop an active
incident silently; ``rollback --to DIR ID`` restores one incident and touches no other."""

from __future__ import annotations

from darksite.ops.releases import PublishDir
from tests.adversarial.isolation_support import (  # noqa: F401 - fixtures
    Live,
    live_fixture,
    published_template_fixture,
    replace_in,
)
from tests.conftest import incident_yaml


def add_active(live: Live, incident: str, marker: str) -> None:
    live.incident(f"{incident}.yaml").write_text(incident_yaml(incident, marker=marker),
                                                 encoding="utf-8")


def test_rollback_refuses_to_take_an_active_incident_off_the_site(live: Live, capsys) -> None:
    add_active(live, "flood-n", "FLOODN")
    assert live.cli("publish", "--to", str(live.out)) == 0
    before = PublishDir(live.out).current_name()
    code = live.cli("rollback", "--to", str(live.out))
    err = capsys.readouterr().err
    assert code == 1
    assert "flood-n: DISAPPEARS from the site (it is active now)" in err
    assert "rollback refused" in err and "--yes" in err
    assert PublishDir(live.out).current_name() == before
    assert (live.current / "flood-n" / "index.html").is_file()


def test_rollback_with_yes_goes_back_and_says_what_changed(live: Live, capsys) -> None:
    add_active(live, "flood-n", "FLOODN")
    assert live.cli("publish", "--to", str(live.out)) == 0
    capsys.readouterr()
    assert live.cli("rollback", "--to", str(live.out), "--yes") == 0
    out = capsys.readouterr().out
    assert "flood-n: DISAPPEARS" in out
    assert not (live.current / "flood-n").exists()


def test_two_rollbacks_in_a_row_never_silently_drop_an_active_incident(
        live: Live, capsys) -> None:
    add_active(live, "flood-n", "FLOODN")
    assert live.cli("publish", "--to", str(live.out)) == 0
    live.update_a()
    assert live.cli("publish", "--to", str(live.out)) == 0
    capsys.readouterr()
    assert live.cli("rollback", "--to", str(live.out)) == 0  # loses an update: listed
    first = capsys.readouterr().out
    assert "water-a: loses its updates after" in first
    assert live.cli("rollback", "--to", str(live.out)) == 1  # would drop flood-n
    assert "flood-n: DISAPPEARS" in capsys.readouterr().err
    assert (live.current / "flood-n" / "index.html").is_file()


def test_rollback_of_one_incident_restores_its_earlier_text_only(live: Live, capsys) -> None:
    live.update_a("WA-SECOND-UPDATE a wrong update that must come down.")
    assert live.cli("publish", "--to", str(live.out)) == 0
    assert "WA-SECOND-UPDATE" in live.page("water-a")
    b_before = live.snapshot_b()
    file_before = live.incident("water-a.yaml").read_bytes()
    # a pending, unpublished change to gas-b must not go out with the rollback
    replace_in(live.incident("gas-b.yaml"), "GB-UPDATE-NEW", "GB-UPDATE-PENDING")
    capsys.readouterr()
    code = live.cli("rollback", "--to", str(live.out), "water-a")
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "rolled back incidents/water-a.yaml to its text from release" in captured.out
    assert "WA-SECOND-UPDATE" not in live.page("water-a")
    assert "WA-UPDATE-NEW" in live.page("water-a")
    assert live.snapshot_b() == b_before
    assert live.incident("water-a.yaml").read_bytes() == file_before  # nothing lost
    assert "the next publish puts its text live again" in captured.err


def test_rollback_of_one_incident_brings_back_one_that_disappeared(live: Live, capsys) -> None:
    live.incident("gas-b.yaml").unlink()
    assert live.cli("publish", "--to", str(live.out)) == 0
    assert not (live.current / "gas-b").exists()
    assert live.cli("rollback", "--to", str(live.out), "gas-b") == 0
    assert "GB-STATEMENT" in live.page("gas-b")
    assert "WA-STATEMENT" in live.page("water-a")


def test_rollback_of_an_incident_with_no_earlier_text_is_a_clear_error(
        live: Live, capsys) -> None:
    before = PublishDir(live.out).current_name()
    assert live.cli("rollback", "--to", str(live.out), "gas-b") == 1
    err = capsys.readouterr().err
    assert "no earlier public text of 'gas-b'" in err and "Traceback" not in err
    assert PublishDir(live.out).current_name() == before


def test_rollback_that_cannot_be_told_is_refused_without_yes(live: Live, capsys) -> None:
    from darksite.ops.manifest import manifest_path

    first = PublishDir(live.out).current_name()
    live.update_a()
    assert live.cli("publish", "--to", str(live.out)) == 0
    manifest_path(live.out, first).unlink()
    before = PublishDir(live.out).current_name()
    capsys.readouterr()
    assert live.cli("rollback", "--to", str(live.out)) == 1
    assert "cannot tell which incidents would disappear" in capsys.readouterr().err
    assert PublishDir(live.out).current_name() == before
    assert live.cli("rollback", "--to", str(live.out), "--yes") == 0
    assert PublishDir(live.out).current_name() == first
