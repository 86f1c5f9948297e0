"""The sharing cards (``og:image``): one PNG per severity, drawn at build time.

Why: a link to the dark site pasted into a chat, a post or a newsroom's
tool shows an image beside it. Without one, most platforms show a grey box
or pick a random image off the page; with the organisation's logo, a link
to "water supply interrupted" looks like an advert. A card that says
*Critical incident* in the severity's colour, with the organisation's
name, tells the reader what kind of link it is before they open it.

One card per kind (:data:`KINDS`: each severity, ``resolved``, and
``none`` for pages about no incident), not per incident: their words are
the site's and the organisation's names only, so they never need
re-drawing on an update and a card can never show a draft's words. Titles
and summaries go in ``og:title`` and ``og:description``, which every
platform shows beside the image, in any script.

Drawn with Pillow's own scalable font (no system font, no download), so the
same darksite and Pillow give the same bytes on every machine. Set
``social_image`` to use your own image instead; ``darksite check`` verifies
that it exists (:mod:`darksite.checks.social`).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Sequence
from functools import cache, partial
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from darksite.model import Incident, Status, prominence_order
from darksite.outputs.context import OutputContext

CARD_DIR = "assets/darksite"
KINDS = ("none", "minor", "major", "critical", "resolved")
WIDTH, HEIGHT = 1200, 630
"""The size every platform shows uncropped (OpenGraph's 1.91:1)."""

COLOURS = {"critical": "#b00020", "major": "#b45309", "minor": "#1d4ed8",
           "resolved": "#166534", "none": "#1f2937"}
"""The banner's colours (``banner.js``), white text on each passes WCAG AA."""

LABELS = {"critical": "Critical incident", "major": "Major incident",
          "minor": "Minor incident", "resolved": "Resolved incident",
          "none": "Incident updates"}

SHADES = 16
"""Levels of anti-aliasing between the background and the white text."""

FORMAT = "darksite-card-4"
"""Bump when the drawing changes, so that cached cards are drawn again."""


def card_path(kind: str) -> str:
    """The site path of a card (``assets/darksite/card-critical.png``): ``card-`` so that no
    common word becomes a reserved incident id (:mod:`darksite.site_names`)."""
    return f"{CARD_DIR}/card-{kind}.png"


def incident_kind(incident: Incident) -> str:
    """An incident's card: ``resolved`` once resolved, else its severity."""
    return "resolved" if incident.status is Status.RESOLVED else incident.severity.value


def home_kind(incidents: Sequence[Incident]) -> str:
    """The home page's card: the most prominent active incident's, or ``none``."""
    active = sorted((i for i in incidents if i.status is not Status.RESOLVED),
                    key=prominence_order)
    return incident_kind(active[0]) if active else "none"


def image_url(ctx: OutputContext, kind: str) -> str:
    """The ``og:image`` of a page: the configured ``social_image``, else the card of ``kind``."""
    configured = ctx.settings.social_image
    if configured:
        return configured if "://" in configured else ctx.url(configured.lstrip("/"))
    return ctx.url(card_path(kind))


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _fit(draw: ImageDraw.ImageDraw, text: str, size: int,
         width: int) -> tuple[ImageFont.FreeTypeFont | ImageFont.ImageFont, str]:
    """The font (and the text, shortened with an ellipsis if it must be) that fits ``width``."""
    while size > 24:
        font = _font(size)
        if draw.textlength(text, font=font) <= width:
            return font, text
        size -= 4
    font = _font(size)
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return font, text.rstrip() + "…"


def draw_card(kind: str, site_name: str, organisation: str) -> bytes:
    """One card as PNG bytes: the kind in large type, the site and organisation below.

    The words are drawn white on black into a one-byte mask, whose
    anti-aliasing is then cut to :data:`SHADES` levels and coloured by a
    palette that runs from the kind's colour to white. Two colours need no
    more, and the drawing holds two one-byte images, not an RGB image and a
    quantiser (the cards were drawn at the end of a build, and that was 10 MB
    of its peak memory at 1,000 incidents: issue 18).
    """
    mask = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(mask)
    margin = 80
    room = WIDTH - 2 * margin
    draw.rectangle((0, 0, WIDTH, 24), fill=255)
    font, text = _fit(draw, LABELS[kind], 96, room)
    draw.text((margin, 190), text, font=font, fill=255)
    font, text = _fit(draw, site_name, 56, room)
    draw.text((margin, 340), text, font=font, fill=255)
    if organisation and organisation != site_name:
        font, text = _fit(draw, organisation, 40, room)
        draw.text((margin, 430), text, font=font, fill=255)
    top = SHADES - 1
    card = mask.point([(value * top + 127) // 255 for value in range(256)])
    card.putpalette(_palette(COLOURS[kind]))  # the shade becomes the palette index: mode P
    out = io.BytesIO()
    card.save(out, format="PNG")
    return out.getvalue()


def _palette(background: str) -> list[int]:
    """:data:`SHADES` RGB entries from ``background`` (``#rrggbb``) to white."""
    red, green, blue = (int(background[i:i + 2], 16) for i in (1, 3, 5))
    top = SHADES - 1
    return [round(channel + (255 - channel) * level / top)
            for level in range(SHADES) for channel in (red, green, blue)]


@cache
def _pillow_version() -> str:
    import PIL

    return str(PIL.__version__)


def card_digest(kind: str, site_name: str, organisation: str) -> str:
    """What a card is drawn from: its words, this drawing, and Pillow's version."""
    parts = (FORMAT, _pillow_version(), kind, site_name, organisation)
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def card_makers(ctx: OutputContext) -> list[tuple[str, str, Callable[[], bytes]]]:
    """(site path, digest, drawing) of every card: for the pipeline's content-digest cache."""
    if ctx.settings.social_image:
        return []
    site_name, organisation = ctx.settings.site_name, ctx.settings.organisation.name
    return [(card_path(kind), card_digest(kind, site_name, organisation),
             partial(draw_card, kind, site_name, organisation)) for kind in KINDS]


def cards(ctx: OutputContext, cache_dir: Path | None = None) -> dict[str, bytes]:
    """Every card by site path (none when ``social_image`` replaces them).

    With ``cache_dir``, a card already drawn from the same inputs is read
    back instead of drawn again (drawing all five costs about 0.3 s on a loaded machine).
    """
    if ctx.settings.social_image:
        return {}
    site_name, organisation = ctx.settings.site_name, ctx.settings.organisation.name
    made = {}
    for kind in KINDS:
        digest = card_digest(kind, site_name, organisation)
        cached = cache_dir / f"{digest}.png" if cache_dir is not None else None
        data = None
        if cached is not None:
            try:
                data = cached.read_bytes()
            except OSError:
                data = None
        if data is None:
            data = draw_card(kind, site_name, organisation)
            if cached is not None:
                try:
                    cached.parent.mkdir(parents=True, exist_ok=True)
                    temporary = cached.with_suffix(".tmp")
                    temporary.write_bytes(data)
                    temporary.replace(cached)
                except OSError:
                    pass  # a cache that cannot be written only costs time
        made[card_path(kind)] = data
    return made


def write_cards(site_dir: Path, ctx: OutputContext, cache_dir: Path | None = None) -> None:
    """Write every card into the built site."""
    for path, data in cards(ctx, cache_dir).items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
