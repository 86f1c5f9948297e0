"""Completeness rules: does the message carry what a first message and a breach notice must?

CDC's Crisis and Emergency Risk Communication (CERC) lists what the first
message of a crisis says: empathy, the confirmed facts, what is not yet
known, what is being done, when the next update comes and where to get
more. A message missing one of them is filled in by rumour. Breach notices
have legal contents: GDPR Article 34 (to the people affected: the nature of
the breach, a contact point, the likely consequences, the measures taken and
those advised) and the US states' lists (California Civil Code 1798.82:
what happened, what information was involved, what we are doing, what you
can do, where to get more information).

Each element is recognised from the fields that carry it (``apology``,
``actions``, ``advice``, ``contacts``, ``next_update``) or from short, named
phrase lists read in the public text, so a warning can say exactly which
element is missing and give the sentence to add.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from darksite.checks.jurisdictions import JURISDICTIONS
from darksite.checks.memos import text_memo
from darksite.checks.registry import CheckContext, Finding, rule
from darksite.checks.text import IncidentText
from darksite.diagnostics import Severity
from darksite.model import Category, Incident, Status


@dataclass(frozen=True)
class Element:
    """One thing a message must say: how it is found, and the sentence to add when it is not."""

    name: str
    present: Callable[[Incident, str], bool]
    add: str


@text_memo(1024)
def _found(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``pattern`` occurs in ``text``, cached: both breach rules read the same text."""
    return pattern.search(text) is not None


def _says(pattern: str) -> Callable[[Incident, str], bool]:
    compiled = re.compile(pattern)
    return lambda _incident, text: _found(compiled, text)


_EMPATHY = (r"\b(?:sorry|apologi[sz]\w*|we understand|understand(?:ably)? (?:how|that|this)"
            r"|worr(?:y|ying|ied)|distress\w*|upsetting|frustrat\w*|concern(?:ed|ing)"
            r"|difficult time|our thoughts|anxious|anxiety)\b")
_UNKNOWN = (r"\b(?:(?:do|does|did) not (?:yet )?know|don't (?:yet )?know|not (?:yet )?(?:known"
            r"|clear|confirmed|certain)|(?:is|are|remains?) unclear|unknown|too (?:early|soon)"
            r" to (?:say|tell|know)|still (?:working out|establishing|finding out|investigating"
            r"|assessing|checking|confirming)|yet to (?:confirm|establish|determine|be)"
            r"|cannot (?:yet )?(?:say|confirm)|can't (?:yet )?(?:say|confirm)|we will (?:say|tell"
            r" you) (?:more|when)|as soon as we know|when we know|what we don't know"
            r"|what we do not know)\b")
_FACT = (r"\d|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday"
         r"|this morning|last night|overnight)\b")

FIRST_MESSAGE: tuple[Element, ...] = (
    Element("empathy", lambda i, text: i.apology is not None or re.search(_EMPATHY, text)
            is not None,
            '"We know how worrying this is for ..." (or an apology: block)'),
    Element("the confirmed facts", _says(_FACT),
            '"At 06:10 on Tuesday ... happened; it affects ..." (when, where, who, how many)'),
    Element("what is not yet known", _says(_UNKNOWN),
            '"We do not yet know ...; we will say as soon as we do."'),
    Element("what we are doing", lambda i, _text: bool(i.actions),
            "an actions: list (what is done, by whom, by when)"),
    Element("what people should do", lambda i, _text: bool(i.advice),
            'an advice: list ("Do not ...", "If you ..., call ...")'),
    Element("where to get more", lambda i, text: bool(i.public_contacts) or "http" in text,
            "a public contact (helpline, page) under contacts:"),
)
"""CERC's first message, in the order it reads best. When the next update comes is CERC's
too, but ``no-next-update`` already reports it (once is enough)."""
FIRST_MESSAGE_UPDATES = 1
"""An active incident with no more updates than this is still at its first message."""


def _missing(elements: tuple[Element, ...], incident: Incident, text: str) -> list[Element]:
    return [e for e in elements if not e.present(incident, text)]


def _report(what: str, missing: list[Element], path: str) -> Finding:
    names = ", ".join(e.name for e in missing)
    adds = "; ".join(f"{e.name}: {e.add}" for e in missing)
    return Finding(path, f"{what} is missing {names}", f"add {adds}")


@rule("incomplete-first-message", theme="completeness", english_only=True,
      summary="An active incident missing one of CERC's first-message elements.")
def incomplete_first_message(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """A first message without what is not known, or without where to get more, invites rumour.

    Only active incidents with at most one update: a resolved one is a
    record, and one with a timeline is past its first message.
    An info, like ``action-without-owner``: a checklist the writer reads
    before publishing, not a fault in what is written.
    """
    if incident.status is not Status.ACTIVE or len(incident.updates) > FIRST_MESSAGE_UPDATES:
        return
    texts: IncidentText = context.texts(incident)
    missing = _missing(FIRST_MESSAGE, incident, texts.message_lower)
    if missing:
        finding = _report("this first message", missing, "statement")
        yield Finding(finding.path, finding.message, finding.hint, severity=Severity.INFO)


_BREACH = re.compile(
    r"\b(?:data breach|breach of (?:\w+ )?(?:data|information)|personal (?:data|information"
    r"|details)|customer (?:data|records|details)|unauthori[sz]ed access to (?:\w+ )?(?:data"
    r"|records|information|accounts)|(?:data|records|details|information) (?:was|were|has been"
    r"|have been|may have been|could be) (?:accessed|stolen|exposed|copied|taken|leaked"
    r"|published|downloaded))\b")
"""Words that make an incident without a ``category:`` a personal-data breach (the fallback):
a cyber attack or an outage alone is not one."""
_NEGATED = re.compile(r"\b(?:no|not|never|without|nor)\s+(?:[\w'-]+\s+){0,2}$")
""""No personal data was affected": the breach words read in the negative."""

_CONSEQUENCES = (r"\b(?:could|may|might) (?:be used|use|try|allow|lead|mean|result|sound)"
                 r"|\brisks?\b|pose as|pretend\w* to be|criminals?|misus\w+|phishing|scam\w*"
                 r"|fraud\w*|identity theft|impersonat\w*|no (?:evidence|sign) (?:that|of)"
                 r" (?:\w+ )?(?:misuse|misused|used)|consequence\w*")
_INFORMATION = (r"\b(?:names?|addresses|address|dates? of birth|emails?|e-mail|phone numbers?"
                r"|passwords?|bank (?:details|account)|card (?:numbers?|details)|social security"
                r"|national insurance|medical|health (?:records|information)|passport\w*"
                r"|account numbers?|(?:information|data|details) (?:involved|affected|accessed"
                r"|taken|stolen))\b")
_WHAT_HAPPENED = (r"\b(?:on \d|\d{1,2}(?::\d\d)? ?(?:am|pm)?|(?:january|february|march|april"
                  r"|may|june|july|august|september|october|november|december)|discovered"
                  r"|detected|found|became aware|identified|learned)\b")
_CONTACT = r"@|\bhttps?://|\b(?:call|phone|helpline|email|contact)\b"

GDPR_ARTICLE_34: tuple[Element, ...] = (
    Element("the nature of the breach", _says(_INFORMATION),
            '"The names and email addresses of ... were copied by ..."'),
    Element("a contact point", lambda i, text: bool(i.public_contacts)
            or re.search(_CONTACT, text) is not None,
            "a contact under contacts: (the data protection officer or a helpline)"),
    Element("the likely consequences", _says(_CONSEQUENCES),
            '"This information could be used in phishing emails that look like ours."'),
    Element("the measures taken", lambda i, _text: bool(i.actions),
            "an actions: list (what was done to stop it and limit the harm)"),
    Element("the measures advised", lambda i, _text: bool(i.advice),
            'an advice: list ("Change your password", "Be wary of emails asking ...")'),
)
US_CA_1798_82: tuple[Element, ...] = (
    Element("what happened", _says(_WHAT_HAPPENED),
            '"On 3 November we found that ..." (when it happened and when it was found)'),
    Element("what information was involved", _says(_INFORMATION),
            '"The information involved: names, dates of birth, ..."'),
    Element("what we are doing", lambda i, _text: bool(i.actions),
            "an actions: list"),
    Element("what you can do", lambda i, _text: bool(i.advice),
            "an advice: list"),
    Element("for more information", lambda i, text: bool(i.public_contacts)
            or re.search(_CONTACT, text) is not None,
            "a toll-free number, an email or a page under contacts:"),
)


def is_breach(incident: Incident, texts: IncidentText) -> bool:
    """Whether the incident is a personal-data breach: its ``category:`` says, else its words.

    A category decides alone (``outage`` is no breach, whatever the text says);
    only an incident without one is read for breach words in its title,
    summary or statement.
    """
    if incident.category is not None:
        return incident.category is Category.DATA_BREACH
    title, summary, statement = texts.message[:3]
    return _reads_as_breach(f"{title.text}\n{summary.text}\n{statement.text}".lower())


@text_memo(1024)
def _reads_as_breach(text: str) -> bool:
    if not any(word in text for word in _BREACH_WORDS):
        return False
    return any(not _NEGATED.search(text, max(0, m.start() - 40), m.start())
               for m in _BREACH.finditer(text))


_BREACH_WORDS = ("breach", "personal ", "customer ", "unauthori", "data ", "records ",
                 "details ", "information ")
"""One of these is in every match of :data:`_BREACH`: a cheap test that skips most texts."""


def _breach_rule(jurisdiction: str, elements: tuple[Element, ...]
                 ) -> Callable[[Incident, CheckContext], Iterator[Finding]]:
    law = JURISDICTIONS[jurisdiction]

    def check(incident: Incident, context: CheckContext) -> Iterator[Finding]:
        """A breach notice is read by regulators and lawyers as well as by the people affected.

        Only for the jurisdictions the site lists in ``checks.jurisdictions``.
        """
        if not incident.is_public or jurisdiction not in context.settings.checks.jurisdictions:
            return
        texts = context.texts(incident)
        if not is_breach(incident, texts):
            return
        missing = _missing(elements, incident, texts.message_lower)
        if missing:
            yield _report(f"this breach notice ({law})", missing, "statement")
    return check


breach_notice_gdpr = rule(
    "breach-notice-gdpr", theme="completeness", english_only=True,
    summary="A data-breach incident missing one of GDPR Article 34's contents.",
)(_breach_rule("gdpr", GDPR_ARTICLE_34))
breach_notice_us_ca = rule(
    "breach-notice-us-ca", theme="completeness", english_only=True,
    summary="A data-breach incident missing one of California's notice headings (1798.82).",
)(_breach_rule("us-ca", US_CA_1798_82))
