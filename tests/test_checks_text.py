"""Shared text handling: Markdown to prose, the gated patterns, the fields the rules read."""

from __future__ import annotations

import pytest

from darksite.checks import apology, tone
from darksite.checks.text import PLACEHOLDER, Gated, IncidentText, prose
from tests.test_checks_corpus import (
    NON_APOLOGIES,
    SINCERE_APOLOGIES,
    SPECIFIC_ACTIONS,
    VAGUE_ACTIONS,
)
from tests.test_checks_support import BASE, load


def test_prose_reads_markdown_as_sentences():
    text = ("### What we know\n\n- The **main** burst\n- 2,300 homes\n\n"
            "We are [sorry](https://example.com/x). It\u2019s `code` bad\nand sad\n")
    assert prose(text) == "What we know. The main burst. 2,300 homes. We are sorry. It's bad " \
                          "and sad."


def test_prose_keeps_underscores_inside_words_and_drops_html():
    assert prose("Call <b>now</b>: see snake_case_name.") == "Call now: see snake_case_name."


GATED = {name: value for module in (apology, tone) for name, value in vars(module).items()
         if isinstance(value, Gated)}


@pytest.mark.parametrize("name", sorted(GATED))
def test_gate_anchors_never_hide_a_match_in_the_corpus(name):
    gated = GATED[name]
    texts = [*NON_APOLOGIES, *SINCERE_APOLOGIES, *VAGUE_ACTIONS, *SPECIFIC_ACTIONS]
    for text in texts:
        low = PLACEHOLDER.sub("placeholder", prose(text)).lower()
        assert bool(gated.search(low)) == bool(gated.pattern.search(low)), (name, text)


def test_incident_text_gathers_public_fields_but_never_internal_ones():
    incident = load(dict(BASE, internal={"notes": "SECRET-NOTE"}))
    texts = IncidentText.of(incident)
    paths = [field.path for field in texts.public]
    assert "apology.text" in paths and "actions[1].step" in paths and "channels.sms" in paths
    assert "contacts[0].label" in paths and "apology.by.name" in paths
    assert "SECRET-NOTE" not in texts.public_blob
    assert [field.path for field in texts.short] == ["title", "summary", "channels.x",
                                                      "channels.sms"]
