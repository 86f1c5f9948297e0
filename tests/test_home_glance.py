"""The home page with several active incidents, the nav, and promises shown honestly.

Issue 11, items 2-4: with several active incidents the most severe comes
first (then the most recently updated), each card is one glance (its
helpline link and its next-update time inside one screen, at 390x844 and
1280x800); nav names say what they are (no "Archive > Archive of resolved
incidents"); an open action past its due date reads "Overdue", and a
``next_update`` in the past reads "Update overdue since ...". The suite's
clock is frozen at 2026-11-26T09:00Z (tests/conftest.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser_support import serve
from tests.conftest import build_new_project, incident_yaml

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
PAST_NEXT_UPDATE = "next_update: 2026-11-26T08:00:00+00:00"


def _incident(incident_id: str, severity: str, last: str, *, late: bool = False) -> str:
    text = incident_yaml(incident_id, severity=severity, marker=incident_id.upper(),
                         last_update_at=last)
    if late:
        text = text.replace("next_update: 2026-11-27T18:00:00+01:00", PAST_NEXT_UPDATE)
        text = text.replace("due: 2026-11-26", "due: 2026-11-25")
    return text


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    incidents = {
        "minor-new.yaml": _incident("minor-new", "minor", "2026-11-25T09:30:00+01:00"),
        "critical-old.yaml": _incident("critical-old", "critical", "2026-11-21T09:30:00+01:00",
                                       late=True),
        "critical-new.yaml": _incident("critical-new", "critical", "2026-11-24T09:30:00+01:00"),
        "major.yaml": _incident("major", "major", "2026-11-25T10:30:00+01:00"),
        "gone.yaml": _incident("gone", "minor", "2026-11-21T09:30:00+01:00").replace(
            "status: active", "status: resolved\nresolved_at: 2026-11-22T10:00:00+01:00"),
    }
    return build_new_project(tmp_path_factory.mktemp("glance"), incidents)


def test_the_most_severe_comes_first_then_the_newest(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    order = re.findall(r'id="card-([a-z-]+)"', home)
    assert order == ["critical-new", "critical-old", "major", "minor-new"]


def test_the_nav_names_the_archive_once_for_what_it_is(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('<nav class="md-nav md-nav--primary"'):]
    nav = nav[:nav.index("</nav>")]
    labels = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", label)).strip()
              for label in re.findall(r'<a href="[^"]*" class="md-nav__link">(.*?)</a>', nav,
                                      flags=re.S)]
    assert "Resolved incidents" in labels
    assert "Archive" not in nav
    archive = (site / "archive" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Resolved incidents</h1>" in archive


def test_a_past_next_update_and_an_overdue_action_are_shown_honestly(site: Path) -> None:
    late = (site / "critical-old" / "index.html").read_text(encoding="utf-8")
    assert "Update overdue since</strong>" in late
    assert "Next update by" not in late
    action = late[late.index("CRITICAL-OLD-ACTION-DUE"):]
    action = action[:action.index("</li>")]
    assert "Overdue</span>" in action and "In progress" not in action
    home = (site / "index.html").read_text(encoding="utf-8")
    card = home[home.index('id="card-critical-old"'):]
    assert card.index("Update overdue since") < card.index('id="card-major"')
    on_time = (site / "major" / "index.html").read_text(encoding="utf-8")
    assert "Next update by</strong>" in on_time and "Update overdue" not in on_time
    assert "In progress</span>" in on_time  # due today: not yet overdue
    lite = (site / "lite" / "critical-old" / "index.html").read_text(encoding="utf-8")
    assert "Update overdue since" in lite


@pytest.fixture(scope="module")
def url(site: Path) -> Iterator[str]:
    with serve(site) as base:
        yield base


@pytest.mark.browser
@pytest.mark.parametrize("name", sorted(VIEWPORTS))
def test_each_active_card_is_one_glance(browser, url: str, name: str) -> None:
    size = VIEWPORTS[name]
    context = browser.new_context(viewport=size, is_mobile=name == "phone",
                                  has_touch=name == "phone")
    page = context.new_page()
    page.goto(url)
    cards = page.locator(".darksite-active-list .darksite-card")
    assert cards.count() == 4
    too_tall, missing = {}, []
    for index in range(cards.count()):
        card = cards.nth(index)
        box = card.bounding_box()
        assert box is not None
        if box["height"] > size["height"] * 0.6:
            too_tall[index] = box["height"]
        for part in (".darksite-badge", ".darksite-card__contact a[href^='tel:']",
                     ".darksite-card__next time"):
            inner = card.locator(part).first.bounding_box()
            if inner is None or not (box["y"] <= inner["y"]
                                     and inner["y"] + inner["height"] <= box["y"] + box["height"]
                                     and inner["x"] + inner["width"] <= size["width"]):
                missing.append((index, part))
    first = cards.first.bounding_box()
    context.close()
    assert too_tall == {}, f"cards taller than 60% of the {name} screen: {too_tall}"
    assert missing == []
    assert first is not None and first["y"] + first["height"] <= size["height"]
