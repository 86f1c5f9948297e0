"""Markdown fields of an incident rendered to HTML, with the site's own extensions.

One :class:`MarkdownRenderer` serves a whole build: building a
``markdown.Markdown`` loads every extension, which costs far more than
converting a short field, so the instance is reused and ``reset()`` between
fields (footnotes, abbreviations and heading ids must not leak from one field
into the next). The same field is rendered for the page, the feeds and the
lite page, so results are memoised per renderer: the output depends only on
the text and the renderer's fixed configuration.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import markdown
from markupsafe import Markup

from darksite.render.safety import SafetyExtension, disable_raw_html

CACHE_SIZE = None
"""Rendered fields kept per renderer: all of them. One renderer serves one build, whose
fields are finite (about 22 per incident), so the memo grows with N and never evicts:
a bound of 50,000 overflowed past about 2,800 incidents and every field was then
rendered again for each output that shows it."""


class MarkdownRenderer:
    """Renders Markdown fields with the site's ``markdown_extensions`` and ``mdx_configs``.

    ``allow_html`` mirrors the plugin option: off (the default), raw HTML in a
    field is shown as text. Unsafe link schemes are removed either way.
    """

    def __init__(
        self,
        extensions: Sequence[str | markdown.Extension] = (),
        extension_configs: Mapping[str, Mapping[str, Any]] | None = None,
        *,
        allow_html: bool = False,
    ) -> None:
        self.allow_html = allow_html
        self._md = markdown.Markdown(
            extensions=[*extensions, SafetyExtension(allow_html=allow_html)],
            extension_configs={k: dict(v) for k, v in (extension_configs or {}).items()},
            output_format="html",
        )
        if not allow_html:
            disable_raw_html(self._md)
        self._convert = functools.lru_cache(maxsize=CACHE_SIZE)(self._convert_uncached)

    def render(self, text: str | None) -> Markup:
        """``text`` as HTML; an empty Markup for no text."""
        if not text:
            return Markup("")
        return self._convert(text)

    def _convert_uncached(self, text: str) -> Markup:
        self._md.reset()
        return Markup(self._md.convert(text))
