"""Markdown fields of an incident rendered to HTML, with the site's own extensions.

One :class:`MarkdownRenderer` serves a whole build: building a
``markdown.Markdown`` loads every extension, which costs far more than
converting a short field, so the instance is reused and ``reset()`` between
fields (footnotes, abbreviations and heading ids must not leak from one field
into the next). The same field is rendered for the page, the feeds and the
lite page, so results are memoised per renderer: the output depends only on
the text and the renderer's fixed configuration.

Across builds, :meth:`MarkdownRenderer.load_cache` and :meth:`save_cache`
keep the rendered fields in ``.darksite-cache/`` keyed by a digest of each
text, in a file named by a digest of the renderer's configuration (extension
names and options, raw-HTML policy, the Markdown and darksite versions): a
build after an edit renders only the fields that changed. A configuration
that cannot be named reliably (extension objects rather than names) is never
cached, and an unreadable cache file only means rendering again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import markdown
from markupsafe import Markup

from darksite import pickle_store
from darksite.render.safety import SafetyExtension, disable_raw_html

CACHE_SIZE = None
"""Rendered fields kept per renderer: all of them. One renderer serves one build, whose
fields are finite (about 22 per incident), so the memo grows with N and never evicts:
a bound of 50,000 overflowed past about 2,800 incidents and every field was then
rendered again for each output that shows it."""

CACHE_FORMAT = 2
"""2: the stored values are the ``Markup`` objects themselves (1 stored ``str`` copies)."""


def text_digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


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
        self._memo: dict[str, Markup] = {}
        self._stored: dict[bytes, Markup] = {}
        """Fields rendered by earlier builds (``load_cache``), by text digest."""
        self._new = False
        self.config_key = _config_key(extensions, extension_configs, allow_html)

    def render(self, text: str | None) -> Markup:
        """``text`` as HTML; an empty Markup for no text."""
        if not text:
            return Markup("")
        found = self._memo.get(text)
        if found is None:
            # The stored Markup itself, not a copy: ``Markup(x)`` and ``str(x)`` copy the text,
            # and a warm build then held every field twice.
            found = self._stored.get(text_digest(text)) if self._stored else None
            if found is None:
                found = self._convert_uncached(text)
                self._new = True
            self._memo[text] = found
        return found

    def _convert_uncached(self, text: str) -> Markup:
        self._md.reset()
        return Markup(self._md.convert(text))

    # -- across builds -------------------------------------------------------------

    def _cache_file(self, folder: Path) -> Path | None:
        return folder / f"markdown-{self.config_key}.pickle" if self.config_key else None

    def load_cache(self, folder: Path) -> None:
        """Take the fields an earlier build with this configuration rendered."""
        path = self._cache_file(folder)
        if path is None:
            return
        entries = pickle_store.load(path, CACHE_FORMAT)
        if entries is not None:
            self._stored = entries

    def save_cache(self, folder: Path, *, keep_stored: bool = False) -> None:
        """Keep this build's fields (only those: the file never outgrows the site).

        ``keep_stored``: the earlier builds' fields too, for a build that renders only
        what is missing from its own cache (the pipeline, :mod:`darksite.pipeline.generate`):
        the fields it did not need this time are still the site's.
        """
        path = self._cache_file(folder)
        unchanged = not self._new if keep_stored else not (
            self._new or len(self._memo) != len(self._stored))
        if path is None or unchanged:
            return
        entries = dict(self._stored) if keep_stored else {}
        entries.update((text_digest(text), html) for text, html in self._memo.items())
        pickle_store.save(path, CACHE_FORMAT, entries)


def _source_digest() -> str:
    """The safety extension's own source: an edit to it must not reuse old HTML."""
    from darksite.render import safety

    try:
        return hashlib.sha256(Path(safety.__file__).read_bytes()).hexdigest()
    except OSError:
        return "unknown"


_SAFETY = _source_digest()


def _config_key(extensions: Sequence[str | markdown.Extension],
                extension_configs: Mapping[str, Mapping[str, Any]] | None,
                allow_html: bool) -> str | None:
    """A digest naming everything the HTML depends on besides the text, or None."""
    from darksite import __version__

    if not all(isinstance(e, str) for e in extensions):
        return None
    try:
        named = json.dumps([list(extensions), {k: dict(v) for k, v in
                                               (extension_configs or {}).items()},
                            allow_html, markdown.__version__, __version__, _SAFETY],
                           sort_keys=True)
    except (TypeError, ValueError):  # an option that is a function or an object
        return None
    return hashlib.sha256(named.encode("utf-8")).hexdigest()[:24]
