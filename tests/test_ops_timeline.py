"""``update`` and ``resolve``: the timeline grows, the rest of the file stays byte for byte.

Most tests call the API on real files in ``tmp_path``; the refusals and the
concurrency are also exercised through the installed ``darksite`` command,
in real separate processes.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

from darksite import clock
from darksite.errors import InvalidIncidentsError, LockTimeoutError
from darksite.loader import load_incident_text
from darksite.model import Phase, Status
from darksite.ops.errors import IncidentEditError, TimeValueError
from darksite.ops.incidents import IncidentFolder
from darksite.ops.locking import incident_lock_path, locked
from darksite.ops.timeline import choose_moment, post_update, resolve
from tests.conftest import DARKSITE, REPO
from tests.test_ops_yamledit import TRICKY_TEXTS, only_insertions

CET = timezone(timedelta(hours=1))


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def realistic_incident(incident_id: str = "water-outage") -> str:
    """An active incident as people write them: comments, blank lines, mixed quoting."""
    start = (clock.now().astimezone(CET) - timedelta(days=1)).replace(second=0, microsecond=0)
    return textwrap.dedent(f"""\
        # yaml-language-server: $schema=../schema/incident.schema.json
        #
        # LIVE INCIDENT. Everything except `internal:` is published.

        id: {incident_id}

        # Plain text, at most 120 characters.
        title: 'Water supply interrupted in Eastfield'
        status: active
        severity: major   # until the repair crew reports back

        started_at: {iso(start)}

        summary: >-
          A burst main cut the water supply to 2,300 homes in Eastfield.
          Bottled water is available at the community centre.

        affected: [Eastfield homes, "Mill Road businesses"]

        statement: |
          A water main burst under Mill Road.

          ### What we know

          - 2,300 homes have no water.

        actions:
          - step: We opened a bottled water station at the community centre.
            owner: Field Operations
            status: in-progress

        updates:
          # oldest first
          - at: {iso(start + timedelta(hours=1))}
            phase: investigating
            text: "We are on site."

          - at: {iso(start + timedelta(hours=2))}
            phase: identified
            text: |
              The burst is under Mill Road.

        # The promise of the next update.
        next_update: {iso(start + timedelta(hours=6))}  # keep it moving

        contacts:
          - {{label: Water helpline, kind: phone, value: "+44 161 496 0200", hours: 24/7}}
          - label: Email us
            kind: email
            value: water@example.com

        internal:
          notes: "INTERNAL-NOTE do not publish"   # for the team
        """)


@pytest.fixture
def folder(tmp_path: Path) -> IncidentFolder:
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "water-outage.yaml").write_text(realistic_incident(),
                                                             encoding="utf-8")
    return IncidentFolder(root=tmp_path, incidents_dir=tmp_path / "incidents")


def incident_file(folder: IncidentFolder, name: str = "water-outage") -> Path:
    return folder.incidents_dir / f"{name}.yaml"


def loaded(path: Path):
    incident, diagnostics = load_incident_text(path.read_bytes(), file=path.name)
    assert incident is not None, [d.format_text() for d in diagnostics]
    return incident


def run_cli(root: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([DARKSITE, *args], cwd=root, capture_output=True, text=True,
                          input=stdin, timeout=60)


# -- appending --------------------------------------------------------------------------------


def test_update_inserts_lines_and_keeps_every_comment_and_quote(folder: IncidentFolder) -> None:
    path = incident_file(folder)
    before = path.read_text(encoding="utf-8")
    posted = post_update(folder, "water-outage", "Repairs have started.", phase=Phase.MONITORING)
    after = path.read_text(encoding="utf-8")
    inserted = only_insertions(before, after)
    assert inserted[0] == f"  - at: {posted.at.isoformat(timespec='seconds')}\n"
    assert inserted[1:] == ["    phase: monitoring\n", "    text: |-\n",
                            "      Repairs have started.\n"]
    incident = loaded(path)
    assert incident.updates[-1].text == "Repairs have started."
    assert incident.updates[-1].phase is Phase.MONITORING
    assert after.index("Repairs have started.") < after.index("# The promise of the next update.")


def test_update_is_dated_now_from_the_one_clock_with_its_offset(
        folder: IncidentFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    later = (clock.now() + timedelta(hours=1)).astimezone(CET).replace(microsecond=0)
    monkeypatch.setenv("DARKSITE_NOW", later.isoformat())
    posted = post_update(folder, "water-outage", "Still working on it.")
    assert posted.at == later
    assert posted.at.utcoffset() == timedelta(hours=1)


@pytest.mark.parametrize("text", [t for t in TRICKY_TEXTS if t.strip() and "\x1b" not in t])
def test_update_text_round_trips_exactly(folder: IncidentFolder, text: str) -> None:
    post_update(folder, "water-outage", text)
    path = incident_file(folder)
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["updates"][-1]["text"] == text
    assert loaded(path).updates[-1].text.strip() == text.strip()


def test_update_creates_the_updates_key_when_absent(folder: IncidentFolder) -> None:
    path = incident_file(folder)
    text = path.read_text(encoding="utf-8")
    start, end = text.index("updates:\n"), text.index("# The promise")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    post_update(folder, "water-outage", "First update.")
    inserted = only_insertions(before, path.read_text(encoding="utf-8"))
    assert inserted[0] == "updates:\n"
    assert [u.text for u in loaded(path).updates] == ["First update."]


def test_next_update_span_is_replaced_in_place(folder: IncidentFolder) -> None:
    path = incident_file(folder)
    before = path.read_text(encoding="utf-8")
    posted = post_update(folder, "water-outage", "Update.", next_update="+2h")
    assert posted.next_update == (posted.at + timedelta(hours=2)).replace(second=0)
    after = path.read_text(encoding="utf-8")
    promise = posted.next_update.isoformat(timespec="seconds")
    assert f"next_update: {promise}  # keep it moving\n" in after
    assert after.count("next_update:") == 1
    assert loaded(path).next_update == posted.next_update
    assert len(after.splitlines()) == len(before.splitlines()) + 3


def test_next_update_is_inserted_when_absent(folder: IncidentFolder) -> None:
    path = incident_file(folder)
    text = path.read_text(encoding="utf-8")
    line = next(li for li in text.splitlines(True) if li.startswith("next_update:"))
    path.write_text(text.replace(line, ""), encoding="utf-8")
    promise = (clock.now().astimezone(CET) + timedelta(days=1)).replace(microsecond=0)
    post_update(folder, "water-outage", "Update.", next_update=iso(promise))
    assert loaded(path).next_update == promise


def test_update_reads_text_from_stdin_with_dash(folder: IncidentFolder) -> None:
    text = "From stdin: **bold**\n\n- list item\n"
    result = run_cli(folder.root, "update", "water-outage", "-", stdin=text)
    assert result.returncode == 0, result.stderr
    assert "posted update at" in result.stdout
    path = incident_file(folder)
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["updates"][-1]["text"] == text


# -- refusals: the file does not change -------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["   "], "the update text is empty"),
        (["x", "--at", "2020-01-01T00:00:00+00:00"], "is not after the last update"),
        (["x", "--at", "2999-01-01T00:00:00+00:00"], "is in the future"),
        (["x", "--at", "2026-11-25T09:30:00"], "has no UTC offset"),
        (["x", "--next-update", "2020-01-01T00:00:00Z"], "is not after this update"),
        (["x", "--next-update", "+soon"], "is not a span"),
    ],
)
def test_invalid_update_is_refused_and_the_file_is_unchanged(
    folder: IncidentFolder, args: list[str], message: str
) -> None:
    path = incident_file(folder)
    before = path.read_bytes()
    result = run_cli(folder.root, "update", "water-outage", *args)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_update_of_a_broken_file_lists_its_errors_and_changes_nothing(
    folder: IncidentFolder,
) -> None:
    path = incident_file(folder)
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: 'Water supply interrupted in Eastfield'", "title: 'unclosed"), encoding="utf-8")
    before = path.read_bytes()
    result = run_cli(folder.root, "update", "water-outage", "News.")
    assert result.returncode == 1
    assert "incidents/water-outage.yaml:8:" in result.stderr
    assert "fix them first" in result.stderr
    assert path.read_bytes() == before


def test_update_of_an_unknown_incident_names_the_id(folder: IncidentFolder) -> None:
    result = run_cli(folder.root, "update", "water-outag", "News.")
    assert result.returncode == 1
    assert "no incident 'water-outag'" in result.stderr
    assert "water-outage" in result.stderr  # the suggestion


def test_update_waits_for_the_lock_and_says_so_when_it_cannot_get_it(
    folder: IncidentFolder,
) -> None:
    path = incident_file(folder)
    with locked(incident_lock_path(path), what="test", timeout=1), \
            pytest.raises(LockTimeoutError, match="another darksite command"), \
            locked(incident_lock_path(path), what=str(path), timeout=0.2):
        pass


def test_lock_files_are_hidden_and_ignored_by_git(folder: IncidentFolder) -> None:
    post_update(folder, "water-outage", "News.")
    lock_dir = folder.incidents_dir / ".darksite-locks"
    assert (lock_dir / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert sorted(p.name for p in folder.incidents_dir.glob("*.yaml")) == ["water-outage.yaml"]


# -- the timestamp rule -----------------------------------------------------------------------


def test_same_second_as_the_last_update_keeps_the_fraction() -> None:
    last = datetime(2026, 11, 25, 9, 30, 0, tzinfo=CET)
    now = last + timedelta(microseconds=250_000)
    assert choose_moment(last, clock=lambda: now) == now


def test_a_new_second_is_written_to_the_second() -> None:
    last = datetime(2026, 11, 25, 9, 30, 0, tzinfo=CET)
    now = last + timedelta(seconds=3, microseconds=5)
    assert choose_moment(last, clock=lambda: now) == last + timedelta(seconds=3)


def test_a_clock_slightly_behind_the_last_update_waits_until_after_it() -> None:
    last = datetime(2026, 11, 25, 9, 30, 0, 500_000, tzinfo=CET)
    times = iter([last - timedelta(milliseconds=300), last + timedelta(milliseconds=2)])
    waited: list[float] = []
    chosen = choose_moment(last, clock=lambda: next(times), sleep=waited.append)
    assert waited and 0.3 <= waited[0] < 0.4
    assert chosen == last + timedelta(milliseconds=2)


def test_a_last_update_far_in_the_future_is_a_clock_problem() -> None:
    last = datetime(2026, 11, 25, 9, 30, tzinfo=CET)
    with pytest.raises(IncidentEditError, match="check this machine's clock"):
        choose_moment(last, clock=lambda: last - timedelta(minutes=5), sleep=lambda s: None)


def test_explicit_at_must_be_after_the_last_update_and_not_in_the_future() -> None:
    last = datetime(2026, 11, 25, 9, 30, tzinfo=CET)
    now = last + timedelta(hours=1)
    assert choose_moment(last, explicit=last + timedelta(minutes=1), clock=lambda: now) == \
        last + timedelta(minutes=1)
    with pytest.raises(TimeValueError):
        choose_moment(last, explicit=last, clock=lambda: now)
    with pytest.raises(TimeValueError):
        choose_moment(last, explicit=now + timedelta(seconds=1), clock=lambda: now)


# -- concurrency: real processes --------------------------------------------------------------

WRITER = """
import sys, time
from pathlib import Path
from darksite.ops.incidents import IncidentFolder
from darksite.ops.timeline import post_update
root, name, go = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
folder = IncidentFolder(root=root, incidents_dir=root / "incidents")
while not go.exists():
    time.sleep(0.001)
for number in range(50):
    post_update(folder, "water-outage", f"{name} update {number}: all fine # so far")
"""


@pytest.mark.usefixtures("wall_clock")
def test_two_processes_appending_50_updates_each_all_land_in_time_order(
    folder: IncidentFolder, tmp_path: Path,
) -> None:
    path = incident_file(folder)
    before = path.read_text(encoding="utf-8")
    go = tmp_path / "go"
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(folder.root), name, str(go)],
                                stderr=subprocess.PIPE, text=True) for name in ("alpha", "beta")]
    go.touch()
    for writer in writers:
        _, errors = writer.communicate(timeout=120)
        assert writer.returncode == 0, errors
    after = path.read_text(encoding="utf-8")
    only_insertions(before, after)
    incident = loaded(path)
    new = incident.updates[2:]
    assert len(new) == 100
    times = [u.at for u in incident.updates]
    assert times == sorted(times) and len(set(times)) == len(times)
    for name in ("alpha", "beta"):
        mine = [u.text for u in new if u.text.startswith(name)]
        assert mine == [f"{name} update {n}: all fine # so far" for n in range(50)]


@pytest.mark.usefixtures("wall_clock")
def test_two_people_running_darksite_update_at_once_both_land(folder: IncidentFolder) -> None:
    script = "; ".join(f'"{DARKSITE}" update water-outage "{{who}} {n}"' for n in range(4))
    people = [subprocess.Popen(["sh", "-c", script.replace("{who}", who)], cwd=folder.root,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
              for who in ("Ana", "Ben")]
    for person in people:
        _, errors = person.communicate(timeout=120)
        assert person.returncode == 0, errors
    texts = [u.text for u in loaded(incident_file(folder)).updates[2:]]
    assert sorted(texts) == sorted(f"{who} {n}" for who in ("Ana", "Ben") for n in range(4))
    assert [t for t in texts if t.startswith("Ana")] == [f"Ana {n}" for n in range(4)]


# -- resolve ----------------------------------------------------------------------------------


def test_resolve_posts_the_final_update_and_closes_the_incident_in_one_edit(
    folder: IncidentFolder,
) -> None:
    path = incident_file(folder)
    path.write_text(path.read_text(encoding="utf-8").replace(
        "    status: in-progress\n", "    status: done\n    done_at: 2026-11-25\n"),
        encoding="utf-8")  # the one open action is finished: resolving may not leave it open
    before = path.read_text(encoding="utf-8")
    result = run_cli(folder.root, "resolve", "water-outage", "Water is back: all 2,300 homes.",
                     "--ended", "We repaired the main; water is back in all 2,300 homes.")
    assert result.returncode == 0, result.stderr
    incident = loaded(path)
    assert incident.status is Status.RESOLVED
    assert incident.updates[-1].phase is Phase.RESOLVED
    assert incident.updates[-1].text == "Water is back: all 2,300 homes."
    assert incident.resolved_at == incident.updates[-1].at
    assert incident.next_update is None
    after = path.read_text(encoding="utf-8")
    assert "# until the repair crew reports back" in after
    assert "# The promise of the next update." in after
    assert len(after.splitlines()) == len(before.splitlines()) + 4 - 1 + 1 + 2
    assert incident.resolution is not None
    assert incident.resolution.ended.startswith("We repaired the main")


def test_resolve_refuses_a_draft(folder: IncidentFolder) -> None:
    path = incident_file(folder)
    path.write_text(path.read_text(encoding="utf-8").replace("status: active", "status: draft"),
                    encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(IncidentEditError, match="activate it first"):
        resolve(folder, "water-outage", "Done.")
    assert path.read_bytes() == before


def test_an_update_that_breaks_validation_is_refused(folder: IncidentFolder) -> None:
    path = incident_file(folder)
    path.write_text(path.read_text(encoding="utf-8").replace(
        "status: active", "status: resolved"), encoding="utf-8")  # resolved without resolved_at
    before = path.read_bytes()
    with pytest.raises(InvalidIncidentsError, match="already has errors") as caught:
        post_update(folder, "water-outage", "News.")
    assert any(d.code == "required-when-resolved" for d in caught.value.diagnostics)
    assert path.read_bytes() == before


@pytest.mark.parametrize("path", sorted(p for p in (REPO / "incidents").glob("*.yaml")
                                         if p.name.count(".") == 1),  # not the translations
                         ids=lambda p: p.stem)
def test_update_keeps_every_shipped_incident_file_intact(path: Path, tmp_path: Path) -> None:
    (tmp_path / "incidents").mkdir()
    copy = tmp_path / "incidents" / path.name
    copy.write_bytes(path.read_bytes())
    folder = IncidentFolder(root=tmp_path, incidents_dir=tmp_path / "incidents")
    before = copy.read_text(encoding="utf-8")
    try:
        post_update(folder, path.stem, "A new: update # with 'quotes'\n\nand a second paragraph.")
    except InvalidIncidentsError as error:  # a shipped file that is already invalid now
        pytest.skip(f"{path.name} has errors: {error}")
    only_insertions(before, copy.read_text(encoding="utf-8"))
    data = yaml.safe_load(copy.read_text(encoding="utf-8"))
    assert data["updates"][-1]["text"] == ("A new: update # with 'quotes'\n\n"
                                           "and a second paragraph.")


def test_a_file_with_windows_line_ends_keeps_them(folder: IncidentFolder) -> None:
    path = incident_file(folder)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    before = path.read_bytes()
    post_update(folder, "water-outage", "Two lines:\nsecond one.", next_update="+1h")
    after = path.read_bytes()
    assert b"\n" not in after.replace(b"\r\n", b"")
    inserted = only_insertions(before.decode().replace("\r\n", "\n").replace(
        next(li for li in before.decode().splitlines() if li.startswith("next_update")), ""),
        after.decode().replace("\r\n", "\n").replace(
        next(li for li in after.decode().splitlines() if li.startswith("next_update")), ""))
    assert "      second one.\n" in inserted
    assert loaded(path).updates[-1].text == "Two lines:\nsecond one."
