"""Lite pages: the statement as text, no script, within the first round trip (14 KB gzipped)."""

from __future__ import annotations

import dataclasses
import random
import re
import string
from datetime import timedelta
from html.parser import HTMLParser

import pytest

from darksite.model import Status, Update
from darksite.outputs.lite import BUDGET_BYTES, gzipped_size, incident_page, index_page
from tests.conftest import incident_yaml
from tests.test_outputs_channels import load_incident, make_context, repo_incident

AIM_BYTES = 6 * 1024


class TagCollector(HTMLParser):
    """Every start tag with its attributes: checks by structure, not by string search."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    collector = TagCollector()
    collector.feed(html)
    return collector.tags


@pytest.mark.parametrize("incident_id", ["2026-10-broadband-outage",
                                         "2026-11-customer-data-exposure"])
def test_realistic_incident_page_is_script_free_and_within_the_first_round_trip(incident_id):
    incident = repo_incident(incident_id)
    page = incident_page(incident, make_context())
    found = tags(page)
    assert not [t for t, _ in found if t in ("script", "iframe", "object", "embed", "img")]
    assert not [a for _, a in found if any(name.startswith("on") for name in a)]
    assert [a for t, a in found if t == "link" and a.get("rel") == "stylesheet"] == []
    assert gzipped_size(page) <= AIM_BYTES
    first_paragraph = incident.statement.split("\n\n")[0].replace("**", "").split()[:6]
    assert " ".join(first_paragraph) in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))


def test_times_are_time_elements_with_the_zone_named():
    page = incident_page(repo_incident("2026-10-broadband-outage"), make_context())
    assert '<time datetime="2026-10-13T06:40:00+01:00">13 October 2026, 06:40 UTC+01:00</time>' \
        in page


def test_a_very_long_incident_drops_its_oldest_updates_to_stay_within_budget():
    incident = load_incident(incident_yaml("long-2026"))
    rng = random.Random(5)

    def prose() -> str:  # varied words: gzip must not squeeze repetition away
        return " ".join("".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 9)))
                        for _ in range(90))

    first = incident.updates[0].at
    updates = tuple(Update(at=first + timedelta(minutes=n), text=f"Update {n}: {prose()}")
                    for n in range(60))
    long = dataclasses.replace(incident, updates=updates)
    page = incident_page(long, make_context())
    assert gzipped_size(page) <= BUDGET_BYTES
    assert "MARK-STATEMENT" in page
    assert "Update 59:" in page  # the newest stays
    assert "Update 0:" not in page
    assert re.search(r"\d+ earlier update\(s\) are on the <a href=\"../../long-2026/\">", page)


def test_raw_html_in_texts_is_shown_as_text():
    incident = load_incident(incident_yaml("raw-2026"))
    hostile = dataclasses.replace(incident, statement="Hello <script>alert(1)</script> there",
                                  title="<b>Bold</b> & co")
    page = incident_page(hostile, make_context())
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in page


def test_links_point_to_the_full_page_and_the_incident_feed():
    page = incident_page(load_incident(incident_yaml("water-2026")), make_context())
    hrefs = [a.get("href") for t, a in tags(page) if t in ("a", "link")]
    assert "../../water-2026/" in hrefs
    assert "../../water-2026/feed.xml" in hrefs
    assert "https://status.example.com/water-2026/" in hrefs  # canonical: the full page


def test_index_lists_active_then_resolved_and_hides_drafts_in_a_public_build():
    live = load_incident(incident_yaml("water-2026", marker="LIVE"))
    draft = dataclasses.replace(load_incident(incident_yaml("draft-2026", marker="DRAFTED")),
                                status=Status.DRAFT)
    resolved = repo_incident("2026-10-broadband-outage")
    page = index_page([live, draft, resolved], make_context())
    assert "DRAFTED" not in page and "draft-2026" not in page
    assert page.index("LIVE-TITLE") < page.index("Broadband and home phone outage")
    assert not [t for t, _ in tags(page) if t == "script"]


def test_rehearsal_pages_say_so_and_ask_not_to_be_indexed():
    draft = dataclasses.replace(load_incident(incident_yaml("draft-2026")), status=Status.DRAFT)
    ctx = make_context(rehearsal=True)
    for page in (incident_page(draft, ctx), index_page([draft], ctx)):
        assert "REHEARSAL - NOT PUBLIC" in page
        assert ("meta", {"name": "robots", "content": "noindex,nofollow"}) in tags(page)
