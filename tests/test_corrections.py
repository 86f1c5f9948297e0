"""The correction log's own rules: what counts as a correction, its note, a damaged log."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from darksite import corrections
from darksite.model import Correction, Update
from darksite.outputs.sitemap import with_languages, with_lastmods
from tests.test_outputs_channels import repo_incident

AT = datetime(2026, 12, 1, 14, 10, tzinfo=UTC)


def test_a_changed_word_is_quoted_both_ways():
    assert corrections.derived_note("summary", "about 1,240 customers", "about 2,240 customers") \
        == "the summary said “1,240”, now “2,240”"
    assert corrections.derived_note("actions[1].step", "We call you.", "We call you today.") \
        == "action 2 said “you.”, now “you today.”"  # words with their punctuation
    assert corrections.derived_note("statement", "a b c", "") == "the statement was withdrawn"
    assert corrections.derived_note("statement", " ".join("x" * 30), " ".join("y" * 30)) \
        == "the statement was rewritten"


def test_an_update_is_named_by_its_time_on_the_sites_clock():
    path = corrections.update_path(datetime(2026, 7, 1, 9, 0, tzinfo=UTC))
    note = corrections.derived_note(path, "cable in Salford", "cable in Bury",
                                    ZoneInfo("Europe/London"))
    assert note == "the update of 1 July 10:00 said “Salford”, now “Bury”"


def test_new_text_is_not_a_correction_but_changed_and_removed_text_is():
    old = repo_incident("2026-11-customer-data-exposure")
    extra = Update(at=AT, text="A new update is news, not a correction.")
    new = dataclasses.replace(old, updates=(*old.updates, extra),
                              summary=old.summary.replace("48,213", "48,312"),
                              actions=old.actions[:-1])
    found = corrections.changes(old, new)
    paths = [path for path, _, _ in found]
    assert paths == ["summary", f"actions[{len(old.actions) - 1}].step"]
    assert found[1][2] == ""  # withdrawn
    # Re-flowed whitespace is not a change.
    same = dataclasses.replace(old, statement=old.statement.replace(" ", "  ", 3))
    assert corrections.changes(old, same) == []


def test_a_damaged_log_never_stops_a_build():
    text = corrections.log_text("x", [Correction(at=AT, path="summary", old="a", new="b",
                                                 note="the summary said “a”, now “b”")])
    assert corrections.parse_log(text)[0].at == AT
    assert corrections.parse_log(text + "  - [unclosed") == ()
    assert corrections.parse_log("corrections:\n- {at: yesterday, field: x}\n- 3\n") == ()
    assert corrections.parse_log("just text") == ()


def test_the_log_lives_beside_the_incidents_never_inside(tmp_path):
    incidents = tmp_path / "incidents"
    assert corrections.log_path(incidents, "x") == tmp_path / "corrections" / "x.yaml"


def test_the_sitemap_dates_an_incidents_pages_by_its_change_and_drops_the_build_date():
    sitemap = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="...">\n'
               + "".join(f"    <url>\n         <loc>https://s.example/{path}</loc>\n"
                         "         <lastmod>2026-12-09</lastmod>\n    </url>\n"
                         for path in ("", "a/", "a/press-release/", "lite/a/", "about/", "b/"))
               + "</urlset>\n")
    moment = datetime(2026, 12, 1, 14, 10, tzinfo=ZoneInfo("Europe/Paris"))
    text = with_lastmods(sitemap, "https://s.example/", {"a": moment}, moment)
    assert "2026-12-09" not in text
    assert text.count("<lastmod>2026-12-01T13:10:00+00:00</lastmod>") == 4  # home and a's three
    kept = with_lastmods(sitemap, "https://s.example/", {"a": moment}, moment, keep_others=True)
    assert kept.count("<lastmod>2026-12-09</lastmod>") == 2  # about/ and b/ as they were


def test_the_sitemap_gains_each_language_page_once_dated_as_its_source():
    sitemap = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="...">\n'
               + "".join(f"    <url>\n         <loc>https://s.example/{path}</loc>\n"
                         "         <lastmod>2026-12-09</lastmod>\n    </url>\n"
                         for path in ("", "a/", "lite/a/", "about/", "b/"))
               + "</urlset>\n")
    moment = datetime(2026, 12, 1, 14, 10, tzinfo=ZoneInfo("Europe/Paris"))
    text = with_languages(sitemap, "https://s.example/", {"a"}, ["cy", "ar"])
    locs = re.findall(r"<loc>https://s.example/([^<]*)</loc>", text)
    assert locs == ["", "cy/", "ar/", "a/", "cy/a/", "ar/a/", "lite/a/", "about/", "b/"]
    assert with_languages(text, "https://s.example/", {"a"}, ["cy", "ar"]) == text
    dated = with_lastmods(text, "https://s.example/", {"a": moment}, moment,
                          keep_others=True, languages=["cy", "ar"])
    assert dated.count("<lastmod>2026-12-01T13:10:00+00:00</lastmod>") == 7  # all but 2
    assert dated.count("<lastmod>2026-12-09</lastmod>") == 2  # about/ and b/ as they were
    assert with_languages(sitemap, "https://s.example/", {"a"}, []) == sitemap
