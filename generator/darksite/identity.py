"""The organisation's look: brand colours checked for contrast, and the sombre tone.

Why at build time: a brand colour that fails WCAG AA contrast makes the
header and every link hard to read for people with low vision, on a page
they need in an emergency. The build refuses it with the two colours and
their ratio, located at the option in ``mkdocs.yml``, rather than publishing
an unreadable site. The checks mirror where mkdocs-material puts the
colours: header text (white) on the primary colour, links (the primary)
and hovered links (the accent) on the light palette's white page. On the
dark palette the link colours are lightened until they reach AA on its
background, so a dark brand colour stays usable there without a second
setting.

``tone: sombre`` is for crises with loss of life, as airline and
government dark sites do it: greyscale colours and images, no social or
promotional links. The CSS here goes into one ``<style>`` element
(``partials/darksite-identity.html``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from darksite.diagnostics import Diagnostic, Severity, display_path
from darksite.settings import Settings

AA_TEXT = 4.5
"""WCAG 2.x AA minimum contrast for normal-size text (success criterion 1.4.3)."""

WHITE = "#ffffff"
SLATE_BACKGROUND = "#1e2129"
"""mkdocs-material's dark (slate) page background: hsl(225deg 15% 14%)."""

SOMBRE_PRIMARY = "#3b3b3b"
SOMBRE_ACCENT = "#3b3b3b"
TONES = ("standard", "sombre")

HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def _colour(value: str) -> Any:
    """A coloraide colour; imported on first use, since importing coloraide costs 0.15 s
    (its tables are computed at import) and ``darksite check`` never needs it."""
    from coloraide import Color

    return Color(value)


def _luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a hex colour (``#rgb`` or ``#rrggbb``), with the
    sRGB-to-XYZ weights at full precision (WCAG rounds them to 0.2126, 0.7152, 0.0722),
    as coloraide computes it, so that a colour on the AA border is judged the same way."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.21263900587151024 * r + 0.715168678767756 * g + 0.07219231536073371 * b


def contrast(foreground: str, background: str) -> float:
    """The WCAG 2.1 contrast ratio of two colours (1 to 21).

    Hex colours (all that ``mkdocs.yml`` accepts) by the formula of WCAG 2.1
    itself, so that checking the brand colours on every build and publish
    does not import coloraide (0.05-0.15 s); anything else through coloraide,
    which ``tests/test_identity.py`` also uses to cross-check the formula.
    """
    if HEX.fullmatch(foreground) and HEX.fullmatch(background):
        lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
        return (lighter + 0.05) / (darker + 0.05)
    return float(_colour(foreground).contrast(background, method="wcag21"))


@dataclass(frozen=True, kw_only=True)
class ColourPair:
    """Where a brand colour is used, and against what."""

    option: str
    colour: str
    background: str
    foreground: str
    where: str


def _pairs(primary: str | None, accent: str | None) -> list[ColourPair]:
    pairs = []
    if primary:
        pairs.append(ColourPair(option="primary_colour", colour=primary, foreground=WHITE,
                                background=primary, where="the header's white text"))
        pairs.append(ColourPair(option="primary_colour", colour=primary, foreground=primary,
                                background=WHITE, where="links on the white page"))
    if accent:
        pairs.append(ColourPair(option="accent_colour", colour=accent, foreground=accent,
                                background=WHITE, where="hovered links on the white page"))
    return pairs


def _line_of(config_file: Path | None, option: str) -> tuple[int, int]:
    """Line and column of ``option:`` in mkdocs.yml ((1, 1) when it cannot be found)."""
    if config_file is None or not config_file.is_file():
        return 1, 1
    pattern = re.compile(rf"""\b{re.escape(option)}["']?\s*:""")
    for number, line in enumerate(config_file.read_text(encoding="utf-8").splitlines(), 1):
        found = pattern.search(line)
        if found and not line.lstrip().startswith("#"):
            return number, found.start() + 1
    return 1, 1


def brand_problems(settings: Settings, config_file: Path | None) -> list[Diagnostic]:
    """Brand colours that are not hex or fail WCAG AA where the site uses them, located."""
    org = settings.organisation
    where = display_path(config_file, settings.root) if config_file else "mkdocs.yml"
    problems = []
    for option, value in (("primary_colour", org.primary_colour),
                          ("accent_colour", org.accent_colour)):
        if value is not None and not HEX.fullmatch(value):
            problems.append(_diagnostic(where, _line_of(config_file, option), option,
                                        f"{value!r} is not a hex colour",
                                        "write it as #rrggbb, e.g. '#0b4f6c' (quoted in YAML)"))
    if problems:
        return problems
    for pair in _pairs(org.primary_colour, org.accent_colour):
        ratio = contrast(pair.foreground, pair.background)
        if ratio < AA_TEXT:
            problems.append(_diagnostic(
                where, _line_of(config_file, pair.option), pair.option,
                f"{pair.foreground} on {pair.background} ({pair.where}) has a contrast "
                f"ratio of {ratio:.2f}:1; WCAG AA needs {AA_TEXT}:1",
                f"choose a darker {pair.option.replace('_', ' ')}: "
                f"{readable_on_white(pair.colour)} keeps its hue and reaches AA"))
    return problems


def _diagnostic(file: str, where: tuple[int, int], option: str, message: str,
                hint: str) -> Diagnostic:
    return Diagnostic(file=file, line=where[0], column=where[1], severity=Severity.ERROR,
                      code="brand-contrast", path=f"plugins.darksite.organisation.{option}",
                      message=message, hint=hint)


def _toward(colour: str, background: str, target: float, lighten: bool) -> str:
    """``colour`` made lighter (or darker) in small steps until it reaches ``target``."""
    shade = _colour(colour).convert("oklch")
    for _ in range(100):
        if contrast(shade.convert("srgb").to_string(hex=True), background) >= target:
            break
        lightness = float(shade["lightness"]) + (0.01 if lighten else -0.01)
        shade["lightness"] = min(1.0, max(0.0, lightness))
    return str(shade.convert("srgb").fit("srgb").to_string(hex=True))


def readable_on_white(colour: str) -> str:
    """The nearest darker shade of ``colour`` that reaches AA for white text and on white."""
    return _toward(colour, WHITE, AA_TEXT + 0.05, lighten=False)


def readable_on_slate(colour: str) -> str:
    """A shade of ``colour`` readable as link text on the dark palette's background."""
    return _toward(colour, SLATE_BACKGROUND, AA_TEXT + 0.05, lighten=True)


CSS_CACHE = "identity-css.pickle"


@functools.cache
def _css_cache_stamp() -> tuple[str, str, str]:
    """The cache's stamp: this module's own bytes and coloraide's version, so that any
    change to how the CSS or its shades are made starts the cache afresh, with no
    number to remember to bump."""
    import hashlib
    from importlib.metadata import PackageNotFoundError, version

    try:
        colours = version("coloraide")
    except PackageNotFoundError:  # pragma: no cover - a dependency
        colours = "?"
    return "identity-css", hashlib.sha256(Path(__file__).read_bytes()).hexdigest(), colours


def identity_css(settings: Settings) -> str:
    """The CSS that puts the brand colours (or the sombre tone) on every page; '' for none.

    Kept between runs in the project's cache, keyed by the colours and the
    tone: the dark palette's shades take coloraide's import and a few hundred
    conversions (about 0.1 s), which a publish of one update should not pay.
    """
    org = settings.organisation
    key = (_hex(org.primary_colour), _hex(org.accent_colour), settings.tone)
    if key in _known_css:
        return _known_css[key]
    from darksite import pickle_store

    path = settings.cache_dir / CSS_CACHE
    stored = pickle_store.load(path, _css_cache_stamp()) or {}
    css = stored.get(key)
    if not isinstance(css, str):
        css = stored[key] = _css(*key)
        pickle_store.save(path, _css_cache_stamp(), stored)
    _known_css[key] = css
    return css


_known_css: dict[tuple[str | None, str | None, str], str] = {}


def _hex(value: str | None) -> str | None:
    """``#rrggbb`` (lower case) for a hex colour; None for anything else (never printed
    into CSS)."""
    if value is None or not HEX.fullmatch(value):
        return None
    digits = value[1:].lower()
    return "#" + ("".join(d * 2 for d in digits) if len(digits) == 3 else digits)


def _css(brand_primary: str | None, brand_accent: str | None, tone: str) -> str:
    """The identity CSS itself; :func:`identity_css` keeps it (once per process, and
    between runs), not once per page: the slate shades take a few hundred conversions."""
    sombre = tone == "sombre"
    primary = SOMBRE_PRIMARY if sombre else brand_primary
    accent = SOMBRE_ACCENT if sombre else (brand_accent or brand_primary)
    rules = []
    if primary and accent:
        # body[...] outranks mkdocs-material's [data-md-color-primary=...] palettes.
        rules.append(
            "body[data-md-color-primary]{"
            f"--md-primary-fg-color:{primary};--md-primary-fg-color--light:{primary};"
            f"--md-primary-fg-color--dark:{primary};--md-primary-bg-color:#fff;"
            "--md-primary-bg-color--light:#ffffffb3;"
            f"--md-typeset-a-color:{primary};--md-accent-fg-color:{accent};"
            f"--md-accent-fg-color--transparent:{accent}1a}}"
            "body[data-md-color-scheme=slate][data-md-color-primary]{"
            f"--md-typeset-a-color:{readable_on_slate(primary)};"
            f"--md-accent-fg-color:{readable_on_slate(accent)}}}")
    if sombre:
        rules.append(
            ".md-typeset [class*=darksite-badge]{background:#3b3b3b!important;color:#fff!important}"
            "img,video,.md-logo{filter:grayscale(1)}"
            ".md-social,.darksite-promo{display:none!important}")
    return "".join(rules)
