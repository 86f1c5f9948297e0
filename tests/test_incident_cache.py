"""The parsed-incident cache saves work but never changes what is loaded or reported."""

from __future__ import annotations

from datetime import UTC, datetime

from darksite.incident_cache import CACHE_FILE
from darksite.loader import load_incidents
from tests.test_loader import VALID

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def project(tmp_path, files):
    folder = tmp_path / "incidents"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def load(tmp_path, folder):
    return load_incidents(folder, root=tmp_path, now=NOW, cache_dir=tmp_path / ".cache")


def test_warm_load_gives_the_same_incidents_as_a_cold_one(tmp_path):
    folder = project(tmp_path, {"sample-incident.yaml": VALID})
    cold = load(tmp_path, folder)
    assert (tmp_path / ".cache" / CACHE_FILE).is_file()
    warm = load(tmp_path, folder)
    assert warm.incidents == cold.incidents
    assert warm.incidents[0].locations == cold.incidents[0].locations
    assert warm.diagnostics == cold.diagnostics


def test_an_edited_file_is_read_again(tmp_path):
    folder = project(tmp_path, {"sample-incident.yaml": VALID})
    load(tmp_path, folder)
    (folder / "sample-incident.yaml").write_text(VALID.replace("title: Customer", "title: New"))
    assert load(tmp_path, folder).incidents[0].title.startswith("New")


def test_errors_are_never_served_from_the_cache(tmp_path):
    folder = project(tmp_path, {"sample-incident.yaml": VALID})
    load(tmp_path, folder)
    (folder / "sample-incident.yaml").write_text(VALID.replace("apology:", "apologie:"))
    first = load(tmp_path, folder)
    second = load(tmp_path, folder)
    assert first.incidents == second.incidents == ()
    assert [d.code for d in second.diagnostics] == ["unknown-key"]


def test_a_corrupt_cache_only_means_a_cold_load(tmp_path):
    folder = project(tmp_path, {"sample-incident.yaml": VALID})
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / CACHE_FILE).write_bytes(b"not a pickle")
    result = load(tmp_path, folder)
    assert [i.id for i in result.incidents] == ["sample-incident"]


def test_a_future_update_is_still_caught_when_the_clock_goes_back(tmp_path):
    folder = project(tmp_path, {"sample-incident.yaml": VALID})
    load(tmp_path, folder)
    earlier = load_incidents(folder, root=tmp_path, now=datetime(2026, 11, 25, tzinfo=UTC),
                             cache_dir=tmp_path / ".cache")
    assert "update-in-future" in {d.code for d in earlier.diagnostics}


def test_a_background_save_lands_without_the_caller_waiting(tmp_path):
    import time

    folder = project(tmp_path, {"sample-incident.yaml": VALID})
    load_incidents(folder, root=tmp_path, now=NOW, cache_dir=tmp_path / ".cache",
                   save_in_background=True)
    deadline = time.monotonic() + 10
    while not (tmp_path / ".cache" / CACHE_FILE).is_file() and time.monotonic() < deadline:
        time.sleep(0.05)
    warm = load(tmp_path, folder)
    assert [i.id for i in warm.incidents] == ["sample-incident"]
    assert (tmp_path / ".cache" / CACHE_FILE).is_file()


def test_many_files_parse_the_same_in_two_processes_as_in_one(tmp_path, monkeypatch):
    from darksite import loader

    files = {f"incident-{n:03d}.yaml": VALID.replace("id: sample-incident",
                                                     f"id: incident-{n:03d}")
             for n in range(loader.PARALLEL_MIN_FILES + 20)}
    files["incident-007.yaml"] = files["incident-007.yaml"].replace("apology:", "apologie:")
    folder = project(tmp_path, files)
    parallel = load_incidents(folder, root=tmp_path, now=NOW)
    monkeypatch.setattr(loader, "PARALLEL_MIN_FILES", 10**9)
    serial = load_incidents(folder, root=tmp_path, now=NOW)
    assert parallel.incidents == serial.incidents
    assert parallel.diagnostics == serial.diagnostics
    assert [d.file for d in serial.diagnostics] == ["incidents/incident-007.yaml"]
