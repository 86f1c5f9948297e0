"""The site's languages: the default (the language incident files are written in) and others.

Tags are BCP 47 (``cy``, ``ar``, ``en-GB``). Babel must know each one, because
dates, times and numbers are formatted from its CLDR data and the reading
direction comes from it too: a tag Babel cannot parse would otherwise show
English dates on a Welsh page without a word.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from babel import Locale, UnknownLocaleError

from darksite.validation import LANG_RE

POLICIES = ("strict", "pending")
"""``strict``: an incident is held until every declared language is translated and current;
``pending``: it goes out with the source text where a translation is missing, and a note."""


class LanguageError(ValueError):
    """A language tag that is not BCP 47 or that Babel's CLDR data does not cover."""


@cache
def locale_of(tag: str) -> Locale:
    """The Babel locale of a BCP 47 tag (``en-GB`` -> ``en_GB``)."""
    if not LANG_RE.fullmatch(tag):
        raise LanguageError(f"{tag!r} is not a BCP 47 language tag such as cy, ar or en-GB")
    try:
        return Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError):
        raise LanguageError(
            f"{tag!r} is a well-formed tag, but Babel has no CLDR data for it, so its dates "
            "and numbers cannot be formatted: use the nearest tag it knows "
            "(python -c 'import babel; print(babel.localedata.locale_identifiers())')") from None


def is_rtl(tag: str) -> bool:
    """Whether the language is written right to left (Arabic, Hebrew, Persian, Urdu...)."""
    return locale_of(tag).text_direction == "rtl"


def direction(tag: str) -> str:
    """``rtl`` or ``ltr``, for the ``dir`` attribute."""
    return "rtl" if is_rtl(tag) else "ltr"


def base_language(tag: str) -> str:
    """``en-GB`` -> ``en``: what the English-only rules and the catalogues key on."""
    return tag.split("-", 1)[0].lower()


def native_name(tag: str) -> str:
    """The language's own name for itself (``Cymraeg``, ``العربية``), for the switcher."""
    name = locale_of(tag).get_display_name(locale_of(tag)) or tag
    return name[:1].upper() + name[1:]


@dataclass(frozen=True)
class Languages:
    """The declared languages: ``default`` first, then ``others`` in the order declared."""

    default: str
    others: tuple[str, ...] = ()
    policy: str = "pending"

    @property
    def all(self) -> tuple[str, ...]:
        return (self.default, *self.others)

    @property
    def is_multilingual(self) -> bool:
        return bool(self.others)

    def declared(self, tag: str) -> bool:
        return tag in self.others


def parse_languages(default: str, others: list[str] | tuple[str, ...], policy: str) -> Languages:
    """Validated :class:`Languages`; raises :class:`LanguageError` with the fix."""
    locale_of(default)
    seen: set[str] = {default.lower()}
    for tag in others:
        locale_of(tag)
        if tag.lower() in seen:
            raise LanguageError(f"the language {tag!r} is declared twice (or is the default)")
        seen.add(tag.lower())
    if policy not in POLICIES:
        raise LanguageError(f"translation_policy must be strict or pending, not {policy!r}")
    return Languages(default=default, others=tuple(others), policy=policy)
