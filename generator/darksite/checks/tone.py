"""Tone rules: calm, plain and never combative in public text.

A crisis statement that attacks its critics ("false claims", "irresponsible
reporting", "we categorically deny") becomes the story; one that shouts
(CAPITALS, exclamation marks) reads as panic or as marketing. Correcting a
false report is good practice; doing it with contempt is not, so the
defensive rule looks for the contempt, not for the correction. Scam warnings
("criminals may send emails with false claims") are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from darksite.checks.registry import CheckContext, Finding, rule
from darksite.checks.text import (
    PLACEHOLDER,
    IncidentText,
    byte_words,
    field_prose,
    sentences,
    word_set,
)
from darksite.model import Incident

DEFENSIVE = re.compile(
    "|".join((
        r"\bfalse\s+(?:claims?|allegations?|reports?|accusations?|stories|story|narrative"
        r"|reporting)\b",
        r"\b(?:categorically|strongly|emphatically|vehemently|flatly|utterly|firmly|completely"
        r"|totally|absolutely)\s+(?:deny|denies|denied|reject|rejects|refute|refutes|dispute"
        r"|disputes)\b",
        r"\birresponsible\s+(?:reporting|journalism|coverage|speculation|claims|media|reporters"
        r"|commentary)\b",
        r"\b(?:baseless|unfounded|groundless|malicious|defamatory|libell?ous|sensationalis\w+"
        r"|scaremonger\w*|hysteri\w+|ridiculous|absurd|preposterous)\b",
        r"\bmisleading\s+(?:reports?|claims?|coverage|media|stories|articles?|allegations?"
        r"|headlines?)\b",
        r"\b(?:inaccurate|incorrect|untrue)\s+(?:reports?|reporting|coverage|claims?|stories"
        r"|media|speculation|headlines?)\b",
        r"\bfake\s+news\b", r"\bwitch[- ]?hunt\b", r"\bsmear\w*\b", r"\bhit\s+piece\b",
        r"\bwild\s+speculation\b", r"\bmedia\s+(?:frenzy|circus)\b",
        r"\b(?:so-called|alleged)\s+victims?\b", r"\bdisgruntled\b",
        r"\b(?:hidden|political|own)\s+agenda\b", r"\bblown\s+out\s+of\s+proportion\b",
        r"\bcertain\s+(?:media|sections\s+of\s+the\s+(?:media|press)|individuals|commentators"
        r"|outlets|journalists|people)\b",
        r"\bwe\s+(?:reject|deny|refute|dispute)\s+(?:the|these|any|all|such|those)?\s*"
        r"(?:claims?|allegations?|suggestions?|accusations?|reports?|characteri[sz]ation)\b",
        r"\b(?:deny|denies|denied)\s+(?:any|all)\s+(?:wrongdoing|liability|responsibility"
        r"|allegations?)\b",
        r"\bno\s+wrongdoing\b", r"\bwe\s+(?:will|shall)\s+not\s+be\s+(?:intimidated|bullied"
        r"|silenced|pressured)\b",
        r"\b(?:legal|libel)\s+action\s+against\b", r"\bno\s+comment\b",
        r"\b(?:will|shall|can)\s*not\s+(?:be\s+)?comment(?:ing)?\b", r"\bnothing\s+to\s+hide\b",
    )),
)
"""Read in lower case (``re.IGNORECASE`` would make every scan several times slower)."""
DEFENSIVE_WORDS = byte_words("""
false deny denies denied denying reject rejects rejected refute refutes refuted dispute disputes
disputed irresponsible baseless unfounded groundless malicious defamatory libel libellous
libelous sensational sensationalist sensationalism sensationalised sensationalized
scaremonger scaremongers scaremongering hysteria hysterical hysterically hysterics ridiculous
absurd preposterous misleading inaccurate incorrect untrue fake witch witch-hunt witchhunt
smear smears smeared smearing piece speculation frenzy circus victim victims disgruntled agenda
proportion certain wrongdoing intimidated bullied silenced pressured comment commenting hide
""")
"""One word of every defensive phrase: the pattern runs only on incidents holding one."""
_LEGAL_THREAT = byte_words("legal action against")
"""...except "legal action against", whose words are each too common alone."""


def might_be_defensive(texts: IncidentText) -> bool:
    """A set lookup before the full pattern, which most incidents never need."""
    return not DEFENSIVE_WORDS.isdisjoint(texts.words) or texts.words >= _LEGAL_THREAT
_SCAM_CONTEXT = re.compile(
    r"\b(?:scam|phishing|fraud\w*|criminals?|impersonat\w*|fake\s+emails?)\b"
)

SHOUT_WORDS = word_set("""
NOT NEVER NOW ALL MUST ONLY DO DON'T DONT PLEASE VERY YES EVERY ANY SAFE FREE HELP NEW
URGENT IMPORTANT WARNING NOTICE ATTENTION CALL READ THIS THE AND YOU YOUR WE ARE WILL IS
IMMEDIATELY DANGER ALERT CAUTION SORRY NO OUR HAVE HAS BEEN WAS WERE CAN CANNOT AGAIN
UPDATE UPDATED BREAKING CLOSED OPEN STAY AWAY KEEP LEAVE EVACUATE SERIOUSLY ABSOLUTELY
EVERYONE NOTHING ALWAYS TODAY TONIGHT HOME WATER POWER DRINK USE BOIL OFF OUT
""")
"""Everyday words: in capitals they are shouting, whatever their length."""
_CAPITALS = re.compile(r"[A-Z][A-Z'_-]*[A-Z]")
"""Runs of capitals anywhere: a quick superset of the words :func:`shouting` looks at."""
_CAPS_WORD = re.compile(r"(?<![\w-])[A-Z][A-Z'_-]*[A-Z](?![\w-])")
_LINK_OR_CODE = re.compile(r"https?://\S+|`[^`]*`")


def _without_links(text: str) -> str:
    """Text minus links, code and placeholders (each scanned for only when it can occur)."""
    if "{{" in text:
        text = PLACEHOLDER.sub(" ", text)
    if "://" in text or "`" in text:
        text = _LINK_OR_CODE.sub(" ", text)
    return text
_SHOUT_LENGTH = 8
"""All-caps words this long are shouting; acronyms are shorter (ICO, GDPR, RIDDOR, UNICEF)."""


def _caps_runs(text: str) -> Iterator[list[str]]:
    """Runs of adjacent all-caps words (separated only by spaces or commas)."""
    run: list[str] = []
    last_end = -1
    for match in _CAPS_WORD.finditer(text):
        word = match.group(0)
        if "-" in word or "_" in word:
            continue  # an identifier such as INTERNAL-ONLY-NOTE, not prose
        if run and text[last_end:match.start()].strip(" ,"):
            yield run
            run = []
        run.append(word)
        last_end = match.end()
    if run:
        yield run


def shouting(text: str) -> str | None:
    """The first shouted word or run of capitals in ``text``, else None.

    Shouting is an everyday word in capitals ("DO NOT"), any all-caps word
    of eight letters or more, or three all-caps words in a row; shorter
    acronyms (ICO, GDPR, NHS) are left alone.
    """
    text = _without_links(text)
    for run in _caps_runs(text):
        loud = any(w in SHOUT_WORDS or len(w.replace("'", "")) >= _SHOUT_LENGTH for w in run)
        if loud or len(run) >= 3:
            return " ".join(run)
    return None


@rule("defensive-tone", theme="tone", english_only=True,
      summary='Combative wording: "false claims", "we categorically deny".')
def defensive_tone(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Attacking critics or the press in a public statement."""
    texts = context.texts(incident)
    if not might_be_defensive(texts) or not DEFENSIVE.search(texts.message_lower):
        return
    for field in texts.message:
        for sentence in sentences(field_prose(field)):
            lower = sentence.lower()
            match = DEFENSIVE.search(lower)
            if match and not _SCAM_CONTEXT.search(lower):
                quoted = sentence[match.start():match.end()] if len(lower) == len(sentence) \
                    else match.group(0)
                yield Finding(field.path, f'defensive or hostile wording: "{quoted}"',
                              "correct facts calmly and show the evidence: \"The report says "
                              "40 homes were flooded; our records show 12, listed below.\"")
                break


@rule("shouting", theme="tone", summary="Words in capitals beyond acronyms.")
def shouting_rule(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """CAPITALS read as shouting, and screen readers may spell them letter by letter."""
    texts = context.texts(incident)
    capitals = {t for t in _CAPITALS.findall(texts.message_blob) if "-" not in t}
    loud = any(t in SHOUT_WORDS or len(t.replace("'", "")) >= _SHOUT_LENGTH for t in capitals)
    if not loud and len(capitals) < 3:
        return  # no shouted word, and too few capitalised words for a run of three
    if shouting(texts.message_blob) is None:
        return
    for field in texts.message:
        found = shouting(field.text)
        if found:
            yield Finding(field.path, f'"{found}" is in capitals, which reads as shouting',
                          "write it in normal case; use bold (**...**) in Markdown fields for "
                          "the one thing people must not miss")


_EXCLAMATION = re.compile(r"!(?![\[=])")


@rule("exclamation-mark", theme="tone", summary="Exclamation marks in a crisis message.")
def exclamation_mark(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """An exclamation mark reads as alarm or as cheer; neither fits a crisis."""
    texts = context.texts(incident)
    if "!" not in texts.message_blob:
        return
    for field in texts.message:
        if "!" in field.text and _EXCLAMATION.search(_without_links(field_prose(field))):
            yield Finding(field.path, "exclamation mark in a crisis message",
                          "end with a full stop; let the facts carry the urgency")
