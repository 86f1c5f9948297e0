"""Atom feeds: valid RFC 4287, an entry per update with a stable id and its own time."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from datetime import UTC, timedelta

import pytest

from darksite.model import Status, Update
from darksite.outputs import atom
from darksite.outputs.atom import SITE_FEED_RESOLVED_ENTRIES, incident_feed, site_feed
from tests.conftest import incident_yaml
from tests.test_outputs_channels import load_incident, make_context, repo_incident

feedparser = pytest.importorskip("feedparser", reason="feedparser (test dependency) not installed")

A = f"{{{atom.ATOM_NS}}}"


@pytest.fixture(scope="module")
def outage():
    return repo_incident("2026-10-broadband-outage")


def parse(text: str):
    parsed = feedparser.parse(text)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_incident_feed_has_an_entry_for_every_update_and_one_for_the_statement(outage):
    parsed = parse(incident_feed(outage, make_context()))
    assert len(parsed.entries) == len(outage.updates) + 1 + (outage.review is not None)
    texts = " ".join(entry.content[0].value for entry in parsed.entries)
    for update in outage.updates:
        stamp = update.at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        assert any(entry.id.endswith(f"/update/{stamp}") for entry in parsed.entries)
    assert "We have published the" in texts  # the newest update's text
    assert parsed.entries[-1].id.endswith(f"{outage.id}/statement")


def test_entries_carry_their_own_timestamps_with_offsets(outage):
    parsed = parse(incident_feed(outage, make_context()))
    updates = [e for e in parsed.entries if "/update/" in e.id]
    newest_first = sorted(outage.updates, key=lambda u: u.at, reverse=True)
    for entry, update in zip(updates, newest_first, strict=True):
        assert entry.updated == update.at.isoformat().replace("+00:00", "Z")
        assert entry.link == "https://status.example.com/2026-10-broadband-outage/"


def test_entry_ids_are_unique_and_do_not_change_when_an_update_is_appended(outage):
    ctx = make_context()
    before = {e.id for e in parse(incident_feed(outage, ctx)).entries}
    newer = Update(at=outage.updates[-1].at + timedelta(days=1), text="A correction.")
    appended = dataclasses.replace(outage, updates=(*outage.updates, newer))
    after = [e.id for e in parse(incident_feed(appended, ctx)).entries]
    assert len(after) == len(set(after)) == len(before) + 1
    assert before < set(after)


def test_required_atom_elements_are_present_namespace_aware(outage):
    root = ET.fromstring(site_feed([outage], make_context()).encode("utf-8"))
    assert root.tag == f"{A}feed"
    for name in ("id", "title", "updated", "author"):
        assert root.find(f"{A}{name}") is not None, name
    assert root.find(f"{A}link[@rel='self']").get("href") == "https://status.example.com/feed.xml"
    entries = root.findall(f"{A}entry")
    assert entries
    for entry in entries:
        for name in ("id", "title", "updated", "link", "content"):
            assert entry.find(f"{A}{name}") is not None, name
        assert entry.find(f"{A}id").text.startswith("tag:status.example.com,")


def test_markup_characters_in_titles_and_texts_cannot_break_the_feed():
    incident = load_incident(incident_yaml("markup-2026"))
    hostile = dataclasses.replace(
        incident, title='Pipes & "valves" <fail> ]]> here',
        updates=(*incident.updates[:-1],
                 dataclasses.replace(incident.updates[-1], text="<script>x</script> & more")),
    )
    parsed = parse(incident_feed(hostile, make_context()))
    assert parsed.feed.title == 'Pipes & "valves" <fail> ]]> here'
    assert "&lt;script&gt;" in parsed.entries[0].content[0].value


def test_site_feed_keeps_every_update_of_active_incidents_and_bounds_resolved_ones():
    ctx = make_context()
    active = load_incident(incident_yaml("active-2026"))
    base = load_incident(incident_yaml(
        "old-2026", status="resolved", resolved_at="2026-11-22T08:00:00+01:00"))
    many = (Update(at=base.updates[0].at - timedelta(hours=n + 1), text=f"Old {n}")
            for n in range(SITE_FEED_RESOLVED_ENTRIES + 20))
    resolved = dataclasses.replace(base, updates=tuple(sorted(many, key=lambda u: u.at)),
                                   started_at=base.started_at - timedelta(days=30))
    parsed = parse(site_feed([active, resolved], ctx))
    ids = [e.id for e in parsed.entries]
    assert sum("active-2026/" in i for i in ids) == len(active.updates) + 1
    assert sum("old-2026/" in i for i in ids) == SITE_FEED_RESOLVED_ENTRIES
    dates = [e.updated_parsed for e in parsed.entries]
    assert dates == sorted(dates, reverse=True)


def test_feed_without_site_url_uses_root_relative_links_and_a_fallback_tag_authority(outage):
    parsed = parse(incident_feed(outage, make_context(site_url=None)))
    assert parsed.entries[0].id.startswith("tag:darksite.invalid,")
    assert parsed.entries[0].link.endswith("/2026-10-broadband-outage/")


def test_draft_in_a_rehearsal_feed_is_marked(outage):
    draft = dataclasses.replace(outage, status=Status.DRAFT)
    parsed = parse(site_feed([draft], make_context(rehearsal=True)))
    assert parsed.feed.title.startswith("REHEARSAL - NOT PUBLIC")
    assert all(e.title.startswith("[DRAFT] ") for e in parsed.entries)


def test_an_incident_without_updates_still_has_its_opening_entry():
    incident = dataclasses.replace(load_incident(incident_yaml("new-2026")), updates=())
    parsed = parse(incident_feed(incident, make_context()))
    [entry] = parsed.entries
    assert entry.id.endswith("new-2026/statement")
    assert entry.summary == incident.summary
    assert entry.published == "2026-11-20T08:00:00+01:00"
