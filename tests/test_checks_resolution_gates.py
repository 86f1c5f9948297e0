"""The resolution rule's anchors: a sentence they pass over holds no claim of that pattern.

``open_claims`` runs each claim pattern only where one of its anchor words
is found (:data:`darksite.checks.resolution.GATED_CLAIMS`): an anchor list
that missed a form of its pattern would let a false "we do not yet know"
stand under a Resolved badge. Every corpus sentence and a set of claims
written in every form and case are run both ways.
"""

from __future__ import annotations

import pytest

from darksite.checks.resolution import GATED_CLAIMS, open_claims
from darksite.checks.text import prose, sentences
from tests.test_checks_corpus import (
    NON_APOLOGIES,
    SINCERE_APOLOGIES,
    SPECIFIC_ACTIONS,
    VAGUE_ACTIONS,
)
from tests.test_checks_support import BASE, load

CLAIM_FORMS = [
    "We do not know yet why it failed.", "She DOES NOT YET KNOW the cause.",
    "We don't know when.", "The cause is not known.", "Numbers Are Not Yet Known.",
    "It is not yet clear.", "That is not yet confirmed.", "We are not yet sure.",
    "The outage is ongoing.", "Repairs are still continuing.", "Crews are currently on site.",
    "Right now the line is shut.", "At the moment we cannot say.", "At present it is closed.",
    "We are investigating.", "WE ARE STILL WORKING ON IT.", "We are working to fix it.",
    "We are looking into reports.", "We are trying to restore it.",
    "The branch is shut until further notice.", "Until service is back, use the app.",
    "Stay away until power is restored.", "Until every home is safe, boil water.",
    "Until the supply is back, use bottles.", "The service is still down.",
    "Systems are still offline.", "The site remains closed.", "Stations remain down.",
    "Since Tuesday 300 homes have had no water.", "Since 06:00 it has been without power.",
    "The next update is at noon.", "We will update this page.", "We'll keep you informed.",
    "We will keep you updated.", "Lines remain unavailable.",
]


def _texts() -> list[str]:
    corpus = [*NON_APOLOGIES, *SINCERE_APOLOGIES, *VAGUE_ACTIONS, *SPECIFIC_ACTIONS]
    return [sentence for text in [*corpus, *CLAIM_FORMS] for sentence in sentences(prose(text))]


@pytest.mark.parametrize("index", range(len(GATED_CLAIMS)))
def test_anchors_never_hide_a_claim(index):
    gated, why = GATED_CLAIMS[index]
    matched = 0
    for sentence in _texts():
        found = gated.pattern.search(sentence) is not None
        assert gated.possible(sentence.lower()) or not found, (why, sentence)
        matched += found
    assert matched, f"no sentence exercises the pattern that {why}"


def test_every_claim_form_is_found_in_a_statement():
    incident = load(dict(BASE, statement="\n\n".join(CLAIM_FORMS)))
    found = [claim.sentence for claim in open_claims(incident) if claim.path == "statement"]
    assert found == CLAIM_FORMS
