"""The message checks' cache: unchanged incidents reuse findings, the clock is never cached."""

from __future__ import annotations

import pickle
from datetime import timedelta
from pathlib import Path

from darksite.checks import run_checks
from darksite.checks.cache import CACHE_FILE, CheckCache
from tests.test_checks_support import NOW, codes, incident_data, load, settings, with_step


def _texts(found):
    return [d.format_text() for d in found]


def test_a_second_run_gives_the_same_diagnostics_from_the_cache(tmp_path: Path) -> None:
    incidents = [load(with_step("We will look into it.")), load(incident_data(id="second"))]
    first = run_checks(incidents, settings(), NOW, cache_dir=tmp_path)
    assert "vague-action" in codes(first)
    assert (tmp_path / CACHE_FILE).is_file()
    cache = CheckCache(tmp_path, settings())
    assert all(cache.get(cache.key(incident)) is not None for incident in incidents)
    second = run_checks(incidents, settings(), NOW, cache_dir=tmp_path)
    assert _texts(second) == _texts(first) == _texts(run_checks(incidents, settings(), NOW))


def test_rules_that_read_the_clock_run_again_at_another_moment(tmp_path: Path) -> None:
    incident = load(incident_data())
    assert codes(run_checks([incident], settings(), NOW, cache_dir=tmp_path)) == []
    later = run_checks([incident], settings(), NOW + timedelta(hours=6), cache_dir=tmp_path)
    assert codes(later) == ["next-update-overdue"]
    assert codes(run_checks([incident], settings(), NOW, cache_dir=tmp_path)) == []


def test_a_changed_incident_or_changed_settings_is_checked_afresh(tmp_path: Path) -> None:
    run_checks([load(incident_data())], settings(), NOW, cache_dir=tmp_path)
    edited = load(with_step("We will look into it."))
    assert "vague-action" in codes(run_checks([edited], settings(), NOW, cache_dir=tmp_path))
    quiet = run_checks([edited], settings(disabled={"vague-action"}), NOW, cache_dir=tmp_path)
    assert "vague-action" not in codes(quiet)


def test_the_file_keeps_only_the_last_run_and_a_broken_file_means_checking_again(
        tmp_path: Path) -> None:
    first, second = load(incident_data()), load(incident_data(id="second"))
    run_checks([first, second], settings(), NOW, cache_dir=tmp_path)
    run_checks([second], settings(), NOW, cache_dir=tmp_path)
    with open(tmp_path / CACHE_FILE, "rb") as stream:
        _format, entries = pickle.load(stream)
    assert len(entries) == 1
    (tmp_path / CACHE_FILE).write_bytes(b"not a pickle")
    edited = load(with_step("We will look into it.", id="second"))
    assert "vague-action" in codes(run_checks([edited], settings(), NOW, cache_dir=tmp_path))


def test_the_key_is_the_files_bytes_and_corrections_not_the_incidents_repr(tmp_path: Path):
    import dataclasses

    from darksite.model import Correction
    incident = load(incident_data())
    assert incident.content_digest  # the loader names the bytes it read
    cache = CheckCache(tmp_path, settings())
    assert cache.key(load(incident_data())) == cache.key(incident)
    assert cache.key(load(incident_data(title="Another title"))) != cache.key(incident)
    corrected = dataclasses.replace(incident, corrections=(
        Correction(at=NOW, path="summary", old="a", new="b", note="typo"),))
    assert cache.key(corrected) != cache.key(incident)
    unread = dataclasses.replace(incident, content_digest="")
    changed = dataclasses.replace(unread, title="Changed in memory")
    assert cache.key(changed) != cache.key(unread) != cache.key(incident)


def test_checked_in_two_processes_the_findings_and_the_cache_are_one_processs(
        tmp_path: Path, monkeypatch) -> None:
    """Above PARALLEL_MIN_INCIDENTS fresh incidents, half are checked in a forked process
    (darksite.halves): the diagnostics, their order and what the cache keeps must be the
    same as in one process, on varied generated incidents with many findings."""
    from bench.generate import generate_incidents

    from darksite import halves
    from darksite.checks import runner
    from darksite.loader import load_incident_text

    incidents = []
    for synthetic in generate_incidents(runner.PARALLEL_MIN_INCIDENTS + 20, now=NOW):
        incident, _ = load_incident_text(synthetic.yaml_text.encode(),
                                         file=f"incidents/{synthetic.id}.yaml", now=NOW)
        assert incident is not None
        incidents.append(incident)
    assert halves.two_cpus_and_can_fork()
    forked = run_checks(incidents, settings(), NOW, cache_dir=tmp_path / "forked")
    monkeypatch.setattr(halves, "two_cpus_and_can_fork", lambda: False)
    alone = run_checks(incidents, settings(), NOW, cache_dir=tmp_path / "alone")
    assert len(alone) > 500 and _texts(forked) == _texts(alone)
    kept = [pickle.loads((tmp_path / name / CACHE_FILE).read_bytes())
            for name in ("forked", "alone")]
    assert kept[0] == kept[1]
