"""What keeps a build's peak memory bounded (issue 18), each on the real code.

Every test here checks a property the peak depends on: memos emptied when
their use is over, equal key paths and locations held once across
incidents, the shared page view let go by its last reader, and cards drawn
in one-byte images. None measures memory itself (that is the benchmark's
job, ``python -m bench``): each would fail if the property were lost.
"""

from __future__ import annotations

import io

from PIL import Image

from darksite.checks import run_checks, wording_model
from darksite.checks.readability import syllables
from darksite.checks.text import prose
from darksite.loader import load_incident_text
from darksite.model import Incident
from darksite.outputs import cards
from darksite.render.markdown import MarkdownRenderer
from darksite.render.views import shared_incident_view
from tests.conftest import incident_yaml
from tests.test_checks_support import NOW, settings


def load(incident_id: str, **options: str) -> Incident:
    text = incident_yaml(incident_id, **options)
    incident, diagnostics = load_incident_text(text.encode(), file=f"incidents/{incident_id}.yaml")
    assert incident is not None, [d.format_text() for d in diagnostics]
    return incident


def test_a_check_run_leaves_its_sentence_and_word_memos_empty():
    incidents = [load("water-a"), load("water-b", marker="OTHER")]
    found = run_checks(incidents, settings(), NOW)
    assert found == run_checks(incidents, settings(), NOW)  # the same findings from cold memos
    for memo in (wording_model.parts, wording_model.score, wording_model.bucket,
                 wording_model.char_buckets, prose, syllables):
        assert memo.cache_info().currsize == 0, memo  # type: ignore[attr-defined]


def test_the_model_keeps_one_copy_of_each_word():
    tokens, _ = wording_model.parts("We are deeply sorry. We are fixing it by Friday.")
    first, second = [t for t in tokens if t == "we"]
    assert first is second


def test_equal_key_paths_and_locations_are_held_once_across_incidents():
    one, other = load("water-a"), load("water-b", marker="OTHER")
    path = "updates[0].text"
    assert path in one.locations and path in other.locations
    key_one = next(key for key in one.locations if key == path)
    key_other = next(key for key in other.locations if key == path)
    assert key_one is key_other
    assert one.locations[path] == other.locations[path]
    assert one.locations[path] is other.locations[path]


def test_the_lite_page_lets_go_of_the_shared_view():
    incident, renderer, site = load("water-a"), MarkdownRenderer(["toc"]), settings()
    page_view = shared_incident_view(incident, renderer, site)
    assert shared_incident_view(incident, renderer, site) is page_view  # the page's, shared
    assert shared_incident_view(incident, renderer, site, last_use=True) is page_view
    again = shared_incident_view(incident, renderer, site)
    assert again is not page_view and again == page_view  # made afresh: none was kept


def test_a_card_is_a_palette_png_from_the_kinds_colour_to_white():
    for kind in cards.KINDS:
        image = Image.open(io.BytesIO(cards.draw_card(kind, "Northwind status", "Northwind")))
        assert image.mode == "P"
        rgb = image.convert("RGB")
        background = tuple(int(cards.COLOURS[kind][i:i + 2], 16) for i in (1, 3, 5))
        assert rgb.getpixel((cards.WIDTH - 5, cards.HEIGHT - 5)) == background
        assert rgb.getpixel((5, 5)) == (255, 255, 255)  # the white stripe at the top
        colours = {colour for _, colour in rgb.getcolors(maxcolors=256) or []}
        assert background in colours and (255, 255, 255) in colours
        assert 2 < len(colours) <= cards.SHADES  # anti-aliased text, at most SHADES shades
