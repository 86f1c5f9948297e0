"""Drafting the reply for one comment, per kind, from approved text and approved lines only.

Every draft is a list of :class:`Part`: either an approved sentence quoted
whole (``source`` names its section) or one of the templated lines of
:class:`~darksite.replies.lines.ReplyLines`. Nothing else is ever written,
which is what lets a test prove that no draft says anything off message.

- **question**: greeting, the answer's sentences, the link to the exact
  section; when nothing approved answers, the "we will add this to the
  page" line instead.
- **complaint**: greeting with their name, the acknowledgement with what
  they said happened to them (in their words, turned to "you", with any
  personal data taken out), then the action step that addresses it, and
  the link.
- **sensitive**: greeting and the private route only: no fact, no detail,
  no echo of what they wrote, and never a request for personal data.
- **hostile**: no reply; for a false claim the page answers, the one calm
  pointer line to the section that answers it.
- **no-reply**: nothing.

When a draft is too long for its channel, answer sentences are dropped
from the end (whole sentences only: a cut sentence would be off message),
then the greeting; the link is never cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from darksite.model import Contact, ContactKind, Incident
from darksite.outputs.channels import sms_safe
from darksite.replies.approved import ACTIONS_ANCHOR
from darksite.replies.classify import PERSONAL_DATA, Classification, CommentKind
from darksite.replies.comments import Comment
from darksite.replies.lines import ReplyLines
from darksite.replies.matching import Match, PassageIndex
from darksite.replies.review import fits, tone_problems

LINE = "line"


@dataclass(frozen=True)
class Part:
    """One sentence or line of a draft, and where it comes from (a section, or ``line``)."""

    text: str
    source: str
    line: str = ""
    """For templated lines, which line (``greeting``, ``link``, ...)."""


@dataclass(frozen=True)
class Draft:
    """A reply ready for a person to check and post, or no reply (empty ``parts``)."""

    parts: tuple[Part, ...]
    section: str | None = None
    url: str | None = None
    route: Contact | None = None
    note: str = ""

    @property
    def text(self) -> str:
        return " ".join(part.text for part in self.parts)

    @property
    def is_reply(self) -> bool:
        return bool(self.parts)


NO_DRAFT = Draft(parts=())


class Composer:
    """Writes drafts for one incident: its passages, its lines, its page URL."""

    def __init__(self, incident: Incident, index: PassageIndex, lines: ReplyLines,
                 page_url: str) -> None:
        self.incident = incident
        self.index = index
        self.lines = lines
        self.page_url = page_url

    def section_url(self, anchor: str) -> str:
        return f"{self.page_url}#{anchor}"

    def draft(self, comment: Comment, verdict: Classification) -> Draft:
        compose = {
            CommentKind.QUESTION: self.question,
            CommentKind.COMPLAINT: self.complaint,
            CommentKind.SENSITIVE: self.sensitive,
            CommentKind.HOSTILE: self.hostile,
        }.get(verdict.kind)
        if compose is None:
            return Draft(parts=(), note="no reply needed")
        return compose(comment, verdict)

    # -- kinds -------------------------------------------------------------------

    def question(self, comment: Comment, verdict: Classification) -> Draft:
        match = self.index.best(comment.text)
        greeting = self._greeting(comment)
        if match is None:
            line = Part(self.lines.fill("unanswered", url=self.page_url), LINE, "unanswered")
            return self._fit(comment, [greeting], [], [line], None, None,
                             note="nothing approved answers this yet")
        return self._answer(comment, [greeting], match)

    def complaint(self, comment: Comment, verdict: Classification) -> Draft:
        opening = [self._greeting(comment)]
        concern = concern_of(comment.text)
        acknowledgement = self.lines.fill("acknowledgement", concern=concern) if concern else ""
        if acknowledgement and not tone_problems(acknowledgement):
            opening.append(Part(acknowledgement, LINE, "acknowledgement"))
        match = self.index.best(comment.text, sections=("actions",)) or self.index.best(
            comment.text)
        if match is None:
            url = self.section_url(ACTIONS_ANCHOR)
            link = Part(self.lines.fill("link", url=url), LINE, "link")
            return self._fit(comment, opening, [], [link], None, url)
        return self._answer(comment, opening, match)

    def sensitive(self, comment: Comment, verdict: Classification) -> Draft:
        route = private_route(self.incident, comment.text)
        if route is None:
            return Draft(parts=(), note="no private route in contacts: add one with "
                                        "private: true, then reply")
        line = Part(self.lines.fill("private_route", route=route_text(route)), LINE,
                    "private_route")
        draft = self._fit(comment, [self._greeting(comment)], [], [line], None, None)
        return Draft(parts=draft.parts, route=route, note="sensitive: private route only")

    def hostile(self, comment: Comment, verdict: Classification) -> Draft:
        if not verdict.false_claim:
            return Draft(parts=(), note="no reply: do not feed it")
        match = self.index.best(comment.text, min_coverage=0.0)
        if match is None:
            return Draft(parts=(), note="no reply: the page does not answer this claim")
        url = self.section_url(match.passage.anchor)
        line = Part(self.lines.fill("pointer", url=url), LINE, "pointer")
        return Draft(parts=(line,), section=match.passage.section, url=url,
                     note="a false claim the page answers: one calm pointer")

    # -- helpers -----------------------------------------------------------------

    def _greeting(self, comment: Comment) -> Part:
        return Part(self.lines.fill("greeting", name=display_name(comment.author)), LINE,
                    "greeting")

    def _answer(self, comment: Comment, opening: list[Part], match: Match) -> Draft:
        passage = match.passage
        url = self.section_url(passage.anchor)
        answer = [Part(sentence, passage.section) for sentence in passage.sentences]
        link = Part(self.lines.fill("link", url=url), LINE, "link")
        return self._fit(comment, opening, answer, [link], passage.section, url)

    def _fit(self, comment: Comment, opening: list[Part], answer: list[Part],
             closing: list[Part], section: str | None, url: str | None,
             note: str = "") -> Draft:
        channel = comment.reply_channel
        sms = channel == "sms"

        def built(parts: list[Part]) -> tuple[Part, ...]:
            if sms:
                return tuple(Part(sms_safe(p.text), p.source, p.line) for p in parts)
            return tuple(parts)

        keep = len(answer)
        heads = [opening, opening[:1], []]
        for head in heads:
            for count in range(keep, 0 if answer else -1, -1):
                parts = built([*head, *answer[:count], *closing])
                if fits(channel, " ".join(p.text for p in parts)):
                    return Draft(parts=parts, section=section, url=url, note=note)
        return Draft(parts=built(closing), section=section, url=url,
                     note=(note + "; " if note else "") + "only the link fits this channel")


# -- the person's own terms ------------------------------------------------------

_SWAP = {
    "i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself",
    "i'm": "you're", "i've": "you've", "i'd": "you'd", "i'll": "you'll", "im": "you're",
    "ive": "you've", "we": "you", "us": "you", "our": "your", "ours": "yours",
    "ourselves": "yourselves", "we're": "you're", "we've": "you've", "we'd": "you'd",
    "we'll": "you'll", "am": "are",
}
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours|you're|you've|u|ur|northwind|they|them"
                            r"|their)\b")
_FIRST = re.compile(r"\b(?:i|i'm|i've|my|we|we've|our|me|us)\b")
_TOKEN = re.compile(r"[A-Za-z']+|[^A-Za-z']+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_OPENERS = re.compile(r"^(?:so|well|honestly|seriously|look|right|ok|okay|yeah|and|but"
                      r"|hi|hello|hey)\b[,\s]*", re.IGNORECASE)
CONCERN_LENGTH = 90


def concern_of(text: str) -> str:
    """What the person said happened to them, turned to "you"; empty when it cannot be said safely.

    The first sentence told in the first person that does not speak about
    the company ("you", "they") is taken, mentions, links and personal data
    are taken out, and I/my/we become you/your. A sentence that is too long
    or holds a question is skipped: better a plain thank-you than a garbled
    echo of someone's words.
    """
    text = re.sub(r"https?://\S+|[@#]\w+", " ", text.replace("’", "'"))
    for pattern in (p for _, p in PERSONAL_DATA):
        text = pattern.sub(" ", text.lower()) if pattern.search(text.lower()) else text
    for sentence in _SENTENCE.split(text):
        sentence = _OPENERS.sub("", sentence.strip()).strip(" .,;:-!")
        lower = sentence.lower()
        if (not sentence or "?" in sentence or not _FIRST.search(lower)
                or _SECOND_PERSON.search(lower) or len(sentence) > CONCERN_LENGTH):
            continue
        swapped = "".join(_SWAP.get(token.lower(), token) if token[0].isalpha() else token
                          for token in _TOKEN.findall(sentence))
        swapped = re.sub(r"\byou was\b", "you were", swapped)
        swapped = re.sub(r"\byou has\b", "you have", swapped)
        return " ".join(swapped.split())
    return ""


def display_name(author: str) -> str:
    """The name to greet: the channel's display name without a handle's ``@``; none for a handle
    that is only digits or for an email address."""
    name = author.strip().lstrip("@")
    if not name or "@" in name or name.isdigit() or len(name) > 40:
        return ""
    return name.split()[0] if " " in name else name


# -- private routes --------------------------------------------------------------

_AUDIENCES = (
    ("families", re.compile(r"\b(?:my|our) (?:son|daughter|husband|wife|partner|dad|father|mum"
                            r"|mother|brother|sister|family|relative|uncle|aunt)\b|\bfamil")),
    ("employees", re.compile(r"\b(?:i work|i worked|colleague|my manager|staff|employee"
                             r"|worked (?:there|for|under|with)|at work|my boss|team)\b")),
    ("press", re.compile(r"\b(?:journalist|reporter|newsroom|editor|press)\b")),
)
_CANNOT_TALK = re.compile(r"\b(?:deaf|hard of hearing|can'?t (?:talk|speak|call)|cannot "
                          r"(?:talk|speak|call)|no phone|text only|non-verbal)\b")


def private_route(incident: Incident, text: str) -> Contact | None:
    """The private contact for this person: matched by audience, text routes for those who cannot
    talk; ``None`` when the incident lists no private route."""
    routes = incident.private_contacts
    if not routes:
        return None
    lower = text.lower()
    wanted = {name for name, pattern in _AUDIENCES if pattern.search(lower)}
    text_only = bool(_CANNOT_TALK.search(lower))

    def score(contact: Contact) -> tuple[int, int]:
        audience = (contact.audience or "").lower()
        by_audience = 1 if any(w.rstrip("s") in audience for w in wanted) else 0
        by_kind = 1 if text_only and contact.kind in (ContactKind.SMS, ContactKind.WEB,
                                                       ContactKind.EMAIL, ContactKind.CHAT) else 0
        return (by_audience + by_kind, -routes.index(contact))

    return max(routes, key=score)


def route_text(contact: Contact) -> str:
    """``Label: value (hours)``, the way the contacts section shows a route."""
    text = f"{contact.label}: {contact.value}"
    return f"{text} ({contact.hours})" if contact.hours else text
