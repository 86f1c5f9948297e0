"""darksite's interface labels in each language: gettext catalogues, compiled when first used.

The catalogues are plain ``.po`` files under ``darksite/locale/<lang>/LC_MESSAGES/``
so that a translator edits them with any PO editor (Poedit, Weblate) and a
reviewer reads the diff; Babel compiles one in memory the first time a
build needs it, so no binary ``.mo`` is kept in the repository to drift from
its source. A language without a catalogue falls back to its base language
(``cy-GB`` -> ``cy``), then to English, the msgids themselves.
"""

from __future__ import annotations

import io
from functools import cache
from importlib import resources

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from darksite.i18n.languages import base_language

DOMAIN = "darksite"


def _po_text(lang: str) -> str | None:
    folder = resources.files("darksite") / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    return folder.read_text(encoding="utf-8") if folder.is_file() else None


@cache
def translations(lang: str) -> NullTranslations:
    """The catalogue for ``lang`` (or its base language), or English."""
    for candidate in dict.fromkeys((lang, lang.replace("-", "_"), base_language(lang))):
        text = _po_text(candidate)
        if text is None:
            continue
        catalog = read_po(io.StringIO(text), locale=candidate.replace("-", "_"), domain=DOMAIN)
        compiled = io.BytesIO()
        write_mo(compiled, catalog)
        compiled.seek(0)
        return Translations(compiled, domain=DOMAIN)
    return NullTranslations()


def has_catalogue(lang: str) -> bool:
    return type(translations(lang)) is not NullTranslations


def gettext(lang: str, message: str, **values: str) -> str:
    """``message`` in ``lang``, with ``%(name)s`` slots filled."""
    text = translations(lang).gettext(message)
    return text % values if values else text
