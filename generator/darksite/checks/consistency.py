"""Consistency rules: one message, one set of facts.

Journalists and worried customers compare the banner with the statement and
the statement with the phone number they were given. A summary that says
12,000 customers when the statement says 11,912 reads as carelessness or
spin; a phone number or address that is not the organisation's sends people
to a stranger, or to a scammer. The short texts (summary, title and channel
overrides) are checked against the reference texts (statement, updates,
actions, FAQ) and the contacts: counts, dates, phone numbers, email
addresses and links. Weekdays are checked against the calendar in every
public text: "Tuesday 25 November" when the 25th is a Wednesday.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from darksite.checks.registry import CheckContext, Finding, rule
from darksite.checks.text import (
    Field,
    IncidentText,
    bare_url,
    field_prose,
    word_set,
)
from darksite.model import ContactKind, Incident
from darksite.settings import Settings

# --- the texts compared ----------------------------------------------------------------------


def reference_text(incident: Incident) -> str:
    """The statement and everything that elaborates it: the facts the short texts repeat."""
    parts = [incident.statement, *(u.text for u in incident.updates),
             *(a.step for a in incident.actions), *incident.affected,
             *(f"{e.q} {e.a}" for e in incident.faq)]
    if incident.apology is not None:
        parts.append(incident.apology.text)
    return "\n".join(parts)


# --- numbers -----------------------------------------------------------------------------------

_PEOPLE = word_set(
    "customer account user people person household home property member client subscriber "
    "resident record individual family patient passenger employee staff worker child pupil "
    "student guest visitor")
_COUNTED = word_set(
    "flight order parcel product vehicle car site store shop branch school job death injury "
    "train bus device meter payment transaction claim letter email call")
_NUMBER = re.compile(
    r"(?P<value>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\d:/-])\s*"
    r"(?P<unit>%|per\s?cent\b)?(?P<after>(?:\s*[A-Za-z'-]+){0,3})"
)
"""A number and the words after it. It starts with a digit so the scan is fast; a number that
continues another token (v2.5, 07:40, 2026-11-20) is skipped in :func:`counts`."""
_JOINED_BEFORE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.,:/+-")


@dataclass(frozen=True)
class Count:
    """A number and what it counts ("12,000 customers" -> 12000, people)."""

    value: float
    kind: str
    text: str


def _singular(word: str) -> str:
    word = word.lower().strip("'")
    if word in ("people", "staff"):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word == "children":
        return "child"
    if word.endswith(("ches", "shes", "sses")):
        return word[:-2]
    return word.removesuffix("s")


def counts(text: str) -> list[Count]:
    """The counted things in ``text``: a number followed (within two words) by what it counts."""
    found = []
    for match in _NUMBER.finditer(text):
        if match.start() and text[match.start() - 1] in _JOINED_BEFORE:
            continue
        value = float(match.group("value").replace(",", ""))
        if match.group("unit"):
            found.append(Count(value, "%", f"{match.group('value')}%"))
            continue
        words = match.group("after").split()[:3]
        for position, word in enumerate(words):
            noun = _singular(word)
            if noun in _PEOPLE or noun in _COUNTED:
                kind = "people" if noun in _PEOPLE else noun
                found.append(Count(value, kind, " ".join([match.group("value"),
                                                         *words[:position + 1]])))
                break
    return found


@rule("number-mismatch", theme="consistency",
      summary="A count in the summary, title or a channel text that the statement contradicts.")
def number_mismatch(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """"12,000 customers" in the summary, "11,912 customers" in the statement."""
    short = [(field, counts(field_prose(field))) for field in context.texts(incident).short]
    if not any(found for _, found in short):
        return
    text = reference_text(incident)
    if all(count.text.split()[0].rstrip("%") in text for _, found in short for count in found):
        return  # every figure also appears in the statement (the usual case): nothing to compare
    reference = counts(text)
    values = {c.value for c in reference}
    for field, found in short:
        for count in found:
            if count.value in values:
                continue
            others = [c for c in reference if c.kind == count.kind]
            if others:
                yield Finding(field.path,
                              f'"{count.text}" here, but the statement and updates say '
                              f'"{others[0].text}"',
                              "use the same figure everywhere; if it changed, update every text")
                break


# --- phone numbers, email addresses, links ----------------------------------------------------

_PHONE = re.compile(r"(?<![\w+])(?:\+|0)\d[\d ().-]{6,}\d(?!\w)")
_EMAIL = re.compile(r"(?<![\w@.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_URL = re.compile(r"https?://[^\s<>\"')\]]+[^\s<>\"')\].,;:!?]", re.IGNORECASE)


def _phone_key(text: str) -> str | None:
    digits = re.sub(r"\D", "", text)
    return digits[-9:] if len(digits) >= 9 else None


def _known_phones(incident: Incident, settings: Settings, reference: str) -> set[str]:
    values = [c.value for c in incident.contacts
              if c.kind in (ContactKind.PHONE, ContactKind.SMS)]
    values += [m.group(0) for m in _PHONE.finditer(reference)]
    if settings.organisation.media_phone:
        values.append(settings.organisation.media_phone)
    return {key for key in map(_phone_key, values) if key}


@rule("unknown-phone-number", theme="consistency",
      summary="A phone number in a short text that is not among the contacts or the statement.")
def unknown_phone_number(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """One wrong digit sends worried people to a stranger."""
    texts = context.texts(incident)
    if not _PHONE.search(texts.short_blob):
        return
    reference = reference_text(incident)
    known = None
    for field in texts.short:
        for match in _PHONE.finditer(field.text):
            key = _phone_key(match.group(0))
            if key is None:
                continue
            known = known if known is not None else _known_phones(incident, context.settings,
                                                                  reference)
            if key not in known:
                yield Finding(field.path,
                              f"phone number {match.group(0)} is not one of this incident's "
                              "contacts", "check the digits against contacts:, or add it there")


@rule("unknown-email", theme="consistency",
      summary="An email address in a short text that is not among the contacts or the statement.")
def unknown_email(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """A mistyped address loses the message, or hands it to someone else."""
    texts = context.texts(incident)
    if "@" not in texts.short_blob:
        return
    known = {c.value.lower() for c in incident.contacts if c.kind is ContactKind.EMAIL}
    known |= {m.group(0).lower() for m in _EMAIL.finditer(reference_text(incident))}
    if context.settings.organisation.media_email:
        known.add(context.settings.organisation.media_email.lower())
    for field in texts.short:
        for match in _EMAIL.finditer(_URL.sub(" ", field.text)):
            if match.group(0).lower().rstrip(".") not in known:
                yield Finding(field.path,
                              f"email address {match.group(0)} is not one of this incident's "
                              "contacts", "check the spelling against contacts:, or add it there")


def _known_links(incident: Incident, settings: Settings) -> list[str]:
    links = [c.value for c in incident.contacts
             if c.kind in (ContactKind.WEB, ContactKind.CHAT, ContactKind.SOCIAL)]
    links += _URL.findall(reference_text(incident))
    if settings.site_url:
        links.append(settings.site_url)
    return [bare_url(link) for link in links]


@rule("unknown-url", theme="consistency",
      summary="A link in a short text to a site that is neither ours nor in the statement.")
def unknown_url(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """A mistyped domain can be bought by anyone; in a crisis, scammers do."""
    texts = context.texts(incident)
    if "://" not in texts.short_blob:
        return
    known: list[str] | None = None
    for field in texts.short:
        for url in _URL.findall(field.text):
            known = known if known is not None else _known_links(incident, context.settings)
            bare = bare_url(url)
            if not context.settings.site_url and bare.endswith(f"/{incident.id}"):
                continue  # this incident's page, wherever the unnamed site is hosted
            if not any(bare == k or bare.startswith(k + "/") for k in known):
                yield Finding(field.path,
                              f"link {url} is neither this site nor a link in the contacts or "
                              "the statement", "check the address; link to the incident page "
                              "or a contact route")


# --- weekdays ----------------------------------------------------------------------------------

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_CAPITALISED = frozenset(_MONTHS + _DAYS + tuple(m[:3] for m in _MONTHS) + ("sept",))
_DAY_BYTES = frozenset(day.encode() for day in _DAYS)
_MONTH_BYTES = frozenset(name.encode() for month in _MONTHS for name in (month, month[:3]))
_M = "|".join(_MONTHS)
_D = "|".join(_DAYS)
_WEEKDAY_DATE = re.compile(
    rf"\b(?P<weekday>{_D})[*_]*,?\s+(?:the\s+)?(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
    rf"(?P<month>{_M})|(?P<month2>{_M})\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?)"
    r"(?:,?\s+(?P<year>\d{4}))?\b",
)
"""Matched in lower case; :func:`_as_written` restores the capitals for the message."""


def _as_written(found: str) -> str:
    """Month and day names with their capital back ("24 november" -> "24 November")."""
    return re.sub(r"[a-z]+", lambda m: m.group(0).title() if m.group(0) in _CAPITALISED
                  else m.group(0), found)


def _resolve_date(day: int, month: int, year: str | None, around: date) -> date | None:
    """The date meant: the explicit year, else the year that puts it nearest ``around``."""
    try:
        if year:
            return date(int(year), month, day)
        options = [date(around.year + offset, month, day) for offset in (-1, 0, 1)]
    except ValueError:
        return None
    return min(options, key=lambda d: abs((d - around).days))


def _weekday_dates(texts: IncidentText) -> Iterator[tuple[Field, re.Match[str]]]:
    """Each weekday-and-date in the public texts with its field: one scan of the whole incident
    (field by field only when lower-casing changed a length, as a rare letter can)."""
    lower = texts.public_lower
    if len(lower) == len(texts.public_blob):
        for day in _DAYS:
            if day.encode() not in texts.words:
                continue
            start = lower.find(day)
            while start >= 0:
                match = _WEEKDAY_DATE.match(lower, start)
                field = texts.field_at(start) if match else None
                if match and field is not None:
                    yield field, match
                start = lower.find(day, start + len(day))
        return
    for field in texts.public:
        for match in _WEEKDAY_DATE.finditer(field.text.lower()):
            yield field, match


@rule("wrong-weekday", theme="consistency",
      summary="A weekday that does not match its date: 'Tuesday 25 November'.")
def wrong_weekday(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """A weekday that contradicts its date makes every other fact doubtful.

    Without a year in the text, the year is the one that puts the date
    nearest the incident's start; a draft has no start yet, so there only
    dates with a year are checked.
    """
    texts = context.texts(incident)
    if texts.words.isdisjoint(_DAY_BYTES):
        return
    around = incident.started_at.date() if incident.started_at else None
    reported: set[str] = set()
    for field, match in _weekday_dates(texts):
        if field.path in reported:
            continue
        day = int(match.group("day") or match.group("day2"))
        month = _MONTHS.index(match.group("month") or match.group("month2")) + 1
        if around is None and not match.group("year"):
            continue
        meant = _resolve_date(day, month, match.group("year"), around or context.now.date())
        if meant is None:
            continue
        actual = _DAYS[meant.weekday()]
        if actual != match.group("weekday"):
            reported.add(field.path)
            written = _as_written(match.group(0).replace("*", ""))
            yield Finding(field.path,
                          f'"{written}": {meant.day} {_MONTHS[month - 1].title()} '
                          f"{meant.year} is a {actual.title()}",
                          "correct the weekday or the date")


# --- dates -------------------------------------------------------------------------------------

_SHORT_MONTH = "|".join(m[:3] for m in _MONTHS) + "|sept"
_DAY_MONTH = re.compile(
    rf"\b(?:(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>(?:{_M})|(?:{_SHORT_MONTH})\.?)"
    rf"|(?P<month2>(?:{_M})|(?:{_SHORT_MONTH})\.?)\s+(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)(?![\d:])\b"
)
"""A day and a month in either order, in lower case: "24 november", "nov 24th"."""


def day_months(text: str) -> list[tuple[int, int, str]]:
    """(month, day, as written) for each day-and-month date in ``text``."""
    found = []
    for match in _DAY_MONTH.finditer(text.lower()):
        name = (match.group("month") or match.group("month2")).rstrip(".")[:3]
        day = int(match.group("day") or match.group("day2"))
        month = [m[:3] for m in _MONTHS].index(name) + 1
        if 1 <= day <= 31:
            found.append((month, day, match.group(0)))
    return found


@rule("date-mismatch", theme="consistency",
      summary="A date in the summary, title or a channel text that no other text mentions.")
def date_mismatch(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """"Since 24 November" in the summary when the statement and updates say 23 November.

    A date the short texts give must be one the statement, updates, actions
    or FAQ also give; only reported when those texts give dates at all.
    """
    texts = context.texts(incident)
    if texts.words.isdisjoint(_MONTH_BYTES):
        return
    short = [(field, day_months(field.text)) for field in texts.short]
    if not any(found for _, found in short):
        return
    reference = day_months(reference_text(incident))
    known = {(month, day) for month, day, _ in reference}
    for field, found in short:
        for month, day, written in found:
            if known and (month, day) not in known:
                others = ", ".join(sorted({w for _, _, w in reference})[:3])
                yield Finding(field.path,
                              f'"{_as_written(written)}" here, but the statement, updates and '
                              f"actions only give {_as_written(others)}",
                              "use the same date everywhere, or add it to the statement")
                break
