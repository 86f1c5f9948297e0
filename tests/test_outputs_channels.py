"""Channel texts: every channel from one file, within each channel's limit as it counts.

Also home of the small helpers the other ``test_outputs_*`` modules share:
real incidents come from real YAML through the real loader.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from darksite.loader import load_incident_text
from darksite.model import Channels, Incident
from darksite.outputs.channels import CHANNELS, ChannelWriter, channel_texts, sms_safe
from darksite.outputs.context import OutputContext
from darksite.outputs.markup import html_to_text
from darksite.settings import Organisation, Settings
from darksite.textlength import channel_length, channel_limit, has_limit, is_gsm7
from tests.conftest import REPO, incident_yaml

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
LIMITED = ("x", "bluesky", "mastodon", "linkedin", "facebook", "sms", "email_subject")


def load_incident(text: str, name: str | None = None) -> Incident:
    """An Incident from YAML text through the real loader; fails the test on any error."""
    if name is None:
        found = re.search(r"^id: *(\S+)", text, re.MULTILINE)
        name = f"{found.group(1) if found else 'x'}.yaml"
    incident, diagnostics = load_incident_text(text.encode("utf-8"), file=f"incidents/{name}")
    assert incident is not None and not [d for d in diagnostics if d.is_error], diagnostics
    return incident


def repo_incident(incident_id: str) -> Incident:
    """One of the shipped sample incidents: realistic length and structure."""
    path = REPO / "incidents" / f"{incident_id}.yaml"
    return load_incident(path.read_text(encoding="utf-8"), path.name)


def make_settings(tmp: Path = Path("/nonexistent"), **changes: object) -> Settings:
    base: dict[str, object] = {
        "root": tmp, "incidents_dir": tmp / "incidents", "docs_dir": tmp / "site_src",
        "site_dir": tmp / "site", "site_name": "Testwind status",
        "site_url": "https://status.example.com/",
        "organisation": Organisation(
            name="Testwind Utilities",
            boilerplate="Testwind Utilities supplies water to 400,000 homes.",
            media_email="press@testwind.example", media_phone="+44 161 496 0100",
            dateline_city="Manchester",
        ),
    }
    base.update(changes)
    return Settings(**base)  # type: ignore[arg-type]


def make_context(**changes: object) -> OutputContext:
    return OutputContext.for_settings(make_settings(**changes), now=NOW)


def assert_fits(channel: str, text: str) -> None:
    length, limit = channel_length(channel, text), channel_limit(channel, text)
    assert length <= limit, f"{channel}: {length} > {limit}: {text!r}"


@pytest.fixture(scope="module")
def water() -> Incident:
    return load_incident(incident_yaml("water-2026"))


def test_every_channel_has_a_text(water):
    texts = channel_texts(water, make_context())
    assert list(texts) == list(CHANNELS)
    assert all(text.strip() for text in texts.values())


@pytest.mark.parametrize("incident_id", ["2026-10-broadband-outage",
                                         "2026-11-customer-data-exposure"])
def test_sample_incidents_fit_every_limited_channel(incident_id):
    texts = channel_texts(repo_incident(incident_id), make_context())
    for channel in LIMITED:
        assert_fits(channel, texts[channel])


def test_longest_title_and_summary_still_fit_and_keep_the_whole_url(water):
    long = dataclasses.replace(
        water, title=("Water supply interrupted " * 10)[:120].strip(),
        summary=("A burst main cut the water supply to thousands of homes. " * 10)[:280].strip(),
    )
    ctx = make_context()
    url = ctx.incident_url(long.id)
    texts = channel_texts(long, ctx)
    for channel in ("x", "bluesky", "mastodon", "sms", "linkedin", "facebook"):
        assert_fits(channel, texts[channel])
        assert texts[channel].endswith(url), channel
    assert_fits("email_subject", texts["email_subject"])


def test_a_long_summary_gives_way_in_whole_sentences_never_cut(water):
    summary = ("Alpha bravo charlie delta echo foxtrot golf hotel india. "
               "Juliett kilo lima mike november oscar papa quebec. "
               "Romeo sierra tango uniform victor whiskey xray yankee zulu.")
    incident = dataclasses.replace(water, title="T" * 100, summary=summary)
    text = channel_texts(incident, make_context(), ("bluesky",))["bluesky"]
    assert "…" not in text
    title, body, advice, url = text.split("\n\n")
    assert title == "T" * 100 and url == make_context().incident_url(water.id)
    assert advice == water.advice[0]
    assert summary.startswith(body) and body.endswith(".")  # whole sentences, in order
    assert body != summary  # the last sentence gave way


def test_sms_replaces_typographic_characters_so_it_stays_one_gsm7_segment(water):
    incident = dataclasses.replace(
        water, title="Water off in St Mary’s Road – “boil” notice",
        summary="We’re sorry… bottled water is at the community centre – bring ID.",
    )
    sms = channel_texts(incident, make_context(), ("sms",))["sms"]
    assert is_gsm7(sms)
    assert channel_limit("sms", sms) == 160
    assert_fits("sms", sms)
    assert "St Mary's Road - \"boil\" notice" in sms


def test_sms_with_a_non_gsm_script_fits_the_70_unit_ucs2_limit(water):
    incident = dataclasses.replace(
        water, title="Brak wody w Łodzi", advice=("Pij wodę butelkowaną.",),
        summary="Pęknięta magistrala odcięła wodę w 2300 domach. Woda butelkowana w szkole.",
    )
    ctx = make_context(site_url="https://s.example/")
    sms = channel_texts(incident, ctx, ("sms",))["sms"]
    assert not is_gsm7(sms)
    assert channel_length("sms", sms) <= 70
    assert sms == "Brak wody w Łodzi\nPij wodę butelkowaną.\nhttps://s.example/water-2026/"


def test_an_sms_that_cannot_hold_the_essentials_is_never_the_title_cut(water):
    incident = dataclasses.replace(
        water, title="Przerwa w dostawie wody w Łodzi i okolicach",
        summary="Pęknięta magistrala odcięła wodę w 2300 domach. Woda butelkowana w szkole.",
    )
    ctx = make_context(site_url="https://s.example/")
    sms = channel_texts(incident, ctx, ("sms",))["sms"]
    assert channel_length("sms", sms) <= 70
    assert sms == "https://s.example/water-2026/"  # check asks for an override (channel-cannot-fit)


def test_the_url_is_never_cut_even_when_nothing_else_fits(water):
    ctx = make_context(site_url="https://status.example.com/" + "very-long-path/" * 6)
    incident = dataclasses.replace(water, title="Łódź: " + water.title)
    sms = channel_texts(incident, ctx, ("sms",))["sms"]
    assert ctx.incident_url(incident.id) in sms


def test_overrides_replace_the_generated_text_word_for_word(water):
    incident = dataclasses.replace(water, channels=Channels(
        x="Our own words for X https://status.example.com/", sms="Our own SMS",
        email_subject="Our own subject"))
    texts = channel_texts(incident, make_context())
    assert texts["x"] == "Our own words for X https://status.example.com/"
    assert texts["sms"] == "Our own SMS"
    assert texts["email_subject"] == "Our own subject"
    assert water.summary in texts["bluesky"]  # channels without an override are generated


def test_press_release_has_dateline_headline_quotes_boilerplate_and_media_contact(water):
    text = channel_texts(water, make_context(), ("press_release",))["press_release"]
    lines = text.splitlines()
    assert lines[0] == "FOR IMMEDIATE RELEASE"
    assert water.title.upper() in text
    assert "MANCHESTER, 21 November 2026 – " in text  # the date of the latest update
    assert "MARK-STATEMENT" in text
    assert "MARK-QUOTE We will keep you informed,” said Sam Carter, Director of Water Services." \
        in text
    assert text.count("said Sam Carter") == 1  # the apology and the quote are one voice
    assert "\n\nBackground\nWhat Testwind Utilities is doing:\n" in text
    assert "Media contact\nEmail: press@testwind.example\nPhone: +44 161 496 0100\n\nEnds\n" \
        in text
    assert "Notes to editors\n1. About Testwind Utilities: Testwind Utilities supplies water" \
        in text
    assert lines[-1].startswith("2. Every update, as it is published: https://")


def test_press_release_override_replaces_the_body_but_keeps_the_frame(water):
    incident = dataclasses.replace(water, channels=Channels(press_release="Our **own** body."))
    text = channel_texts(incident, make_context(), ("press_release",))["press_release"]
    assert "MANCHESTER, 21 November 2026 – Our own body." in text
    assert "MARK-STATEMENT" not in text
    assert "About Testwind Utilities" in text and "\n\nEnds\n\nNotes to editors\n" in text


def test_internal_memo_routes_questions_and_never_carries_internal_notes(water):
    texts = channel_texts(water, make_context())
    memo = texts["internal_memo"]
    assert memo.startswith("INTERNAL - FOR TESTWIND UTILITIES EMPLOYEES ONLY")
    for heading in ("What happened", "What we are doing", "Where to send questions"):
        assert heading in memo
    assert "Media relations: press@testwind.example" in memo
    assert "MARK-CONTACT-PHONE Water helpline: +44 161 496 0200" in memo
    assert all("MARK-INTERNAL" not in text for text in texts.values())


def test_draft_scenario_keeps_its_placeholders(water):
    draft = load_incident(
        (REPO / "incidents" / "scenario-service-outage.yaml").read_text(encoding="utf-8"),
        "scenario-service-outage.yaml")
    texts = channel_texts(draft, make_context())
    assert "{{ service_name }}" in texts["x"]
    assert "{{ release_date }}" in texts["press_release"]  # no date until it is activated
    for channel in LIMITED:
        assert_fits(channel, texts[channel])


def test_resolved_incident_subject_says_resolved():
    incident = repo_incident("2026-10-broadband-outage")
    subject = ChannelWriter(incident, make_context()).text("email_subject")
    assert subject.startswith("Resolved: ")
    assert_fits("email_subject", subject)


def test_markdown_becomes_plain_text_with_bullets_and_visible_links():
    ctx = make_context()
    text = ctx.text("Read **this**:\n\n- one\n- [the report](https://example.com/r.pdf)\n\n"
                    "<b>raw</b> stays text")
    assert text == ("Read this:\n- one\n- the report (https://example.com/r.pdf)\n\n"
                    "<b>raw</b> stays text")
    assert html_to_text("<p>a &amp; b</p>") == "a & b"


def test_sms_safe_maps_only_typographic_characters():
    assert sms_safe("it’s “fine” – really… ok") == 'it\'s "fine" - really... ok'
    assert sms_safe("Łódź") == "Łódź"


def test_every_limited_channel_has_a_limit():
    assert all(has_limit(channel) for channel in LIMITED)


# -- issue 12: composed from what matters; Markdown readable as plain text ------------------


def test_a_resolved_incident_says_resolved_and_what_ended_it_on_every_short_channel(water):
    from darksite.model import Status, Update

    final = Update(at=NOW, text="Service is back for every home since 15:47. Thank you.")
    incident = dataclasses.replace(water, status=Status.RESOLVED, resolved_at=NOW,
                                   updates=(*water.updates, final))
    ctx = make_context()
    for channel, text in channel_texts(incident, ctx, ("x", "bluesky", "mastodon")).items():
        assert text.startswith("Resolved: " + water.title), channel
        assert "Service is back for every home since 15:47." in text, channel
        assert text.endswith(ctx.incident_url(water.id)), channel
        assert "…" not in text, channel
        assert_fits(channel, text)


def test_markdown_in_plain_channels_reads_as_text_with_absolute_links(water):
    statement = ("**Bottled water** is at these points:\n\n"
                 "| Place | Hours |\n|---|---|\n| Mill Road centre | 08:00-20:00 |\n\n"
                 "- North\n    - Mill Road\n    - Station Street\n- South\n\n"
                 "See [the FAQ](../faq/) and [our map](/maps/water/).")
    incident = dataclasses.replace(water, statement=statement,
                                   summary="**Boil** tap water before drinking.")
    ctx = make_context()
    body = channel_texts(incident, ctx, ("email_body",))["email_body"]
    assert "**" not in body
    assert "Place | Hours" in body and "Mill Road centre | 08:00-20:00" in body
    assert "- North\n  - Mill Road\n  - Station Street\n- South" in body
    assert "the FAQ (https://status.example.com/faq/)" in body
    assert "our map (https://status.example.com/maps/water/)" in body
    post = channel_texts(incident, ctx, ("x",))["x"]
    assert "**" not in post and "Boil tap water before drinking." in post
