"""What Markdown written in an incident file may put into a page.

Incident texts are written fast, under pressure, often pasted from email or a
chat. Raw HTML in them is shown as text (unless the site sets
``allow_html: true``), and no link may run script (``javascript:``,
``data:``, ``vbscript:``...). Images from other sites become plain links: the
page must make no request outside its own origin (privacy, and a crisis page
must not depend on somebody else's server staying up). A URL without a scheme
stays on the site: ``//host``, ``/\\host`` and ``\\/host`` (browsers read
``\\`` as ``/``) are refused as links and as images; a link to another site
names its scheme (``https://``).

The policy is one pure function, :func:`safe_url`, plus a Python-Markdown
treeprocessor that applies it to the finished element tree, after every other
extension has run, so that reference links, ``attr_list`` attributes and
entity tricks (``&#106;avascript:``) are all seen in their final form.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel", "sms"})
"""Schemes a link may use; a URL without a scheme (relative, ``#anchor``) is always fine."""

URL_ATTRIBUTES = ("href", "src", "poster", "cite", "action", "formaction", "data",
                  "background", "xlink:href")
"""Attributes a browser follows or fetches; every one goes through :func:`safe_url`."""

DROPPED_ATTRIBUTES = ("style", "srcset", "srcdoc")
"""Attributes that can fetch or run something and have no use in an incident text."""

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]")


def _normalised(url: str) -> str:
    """``url`` as a browser reads it: entities decoded, whitespace and control characters
    gone, backslashes read as slashes.

    Browsers drop tabs and newlines anywhere in a URL (``java\\tscript:``,
    ``/\\t/host``) and, as the WHATWG URL parser does for web URLs, read
    ``\\`` as ``/`` (so ``/\\host`` is ``//host``, another origin). Dropping
    every space too is stricter than a browser, never looser.
    """
    return _IGNORED_BY_BROWSERS.sub("", html.unescape(url)).replace("\\", "/")


def url_scheme(url: str) -> str | None:
    """The lower-case scheme of ``url``, or None for a relative URL."""
    match = _SCHEME.match(_normalised(url))
    return match.group(1).lower() if match else None


def safe_url(url: str) -> bool:
    """Whether a link to ``url`` is harmless: relative (on this site), or http(s), mailto,
    tel or sms."""
    scheme = url_scheme(url)
    if scheme is None:
        return not _normalised(url).startswith("//")  # no scheme, yet another host
    return scheme in SAFE_SCHEMES


def is_external(url: str) -> bool:
    """Whether fetching ``url`` would leave the site's origin (a scheme or ``//host``)."""
    return url_scheme(url) is not None or _normalised(url).startswith("//")


class SafetyTreeprocessor(Treeprocessor):
    """Neutralises unsafe links and external images in the finished element tree."""

    def __init__(self, md: Markdown, allow_html: bool) -> None:
        super().__init__(md)
        self.allow_html = allow_html

    def run(self, root: etree.Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        for element in list(root.iter()):
            if not self.allow_html:
                _drop_scripting_attributes(element)
            for name in URL_ATTRIBUTES:
                value = element.get(name)
                if value is not None and not safe_url(value):
                    del element.attrib[name]
            if element.tag == "img":
                _replace_external_image(element, parents.get(element))


def _drop_scripting_attributes(element: etree.Element) -> None:
    """Remove ``on*`` handlers and fetching attributes (``attr_list`` can set any attribute)."""
    for name in list(element.attrib):
        if name.lower().startswith("on") or name.lower() in DROPPED_ATTRIBUTES:
            del element.attrib[name]


def _replace_external_image(image: etree.Element, parent: etree.Element | None) -> None:
    """An image from another origin becomes a link to it; one without a safe src, its alt text."""
    if parent is None:
        return
    src = image.get("src")
    if src is not None and not is_external(src):
        return
    label = image.get("alt") or "image"
    if src is None:
        replacement = etree.Element("span")
        replacement.text = label
    else:
        replacement = etree.Element("a", {"href": src})
        replacement.text = f"{label} (image on another site)"
    replacement.tail = image.tail
    index = list(parent).index(image)
    parent.remove(image)
    parent.insert(index, replacement)


class SafetyExtension(Extension):
    """Registers :class:`SafetyTreeprocessor` last and, unless allowed, switches raw HTML off.

    Python-Markdown passes raw HTML through by two routes: the ``html_block``
    preprocessor (block-level tags) and the ``html`` inline pattern (inline
    tags). Without them, ``<b>`` is ordinary text and the serializer escapes it.
    """

    def __init__(self, allow_html: bool = False) -> None:
        super().__init__()
        self.allow_html = allow_html

    def extendMarkdown(self, md: Markdown) -> None:
        # Priority -10: after "unescape" (0), so attribute values are final.
        md.treeprocessors.register(SafetyTreeprocessor(md, self.allow_html), "darksite-safety", -10)


def disable_raw_html(md: Markdown) -> None:
    """Make raw HTML plain text in ``md``; called after every extension has registered."""
    for registry, name in ((md.preprocessors, "html_block"), (md.inlinePatterns, "html")):
        if name in registry:
            registry.deregister(name)
