"""Lighthouse 100 on right-to-left pages: the Arabic version of the active incident, and its
press release.

The same gate as tests/test_quality_lighthouse.py (nginx, gzip, mobile emulation);
marked ``alone`` for the same reason: the performance score is a timing, the
median of up to three runs.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser_support import nginx
from tests.quality_support import SampleSites
from tests.test_quality_lighthouse import CATEGORIES, median_lighthouse, shortfalls
from tests.test_quality_lighthouse import sites as sites  # the gated fixture

pytestmark = [pytest.mark.browser, pytest.mark.nginx, pytest.mark.slow, pytest.mark.alone]


@pytest.fixture(scope="module")
def base_url(sites: SampleSites, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with nginx(sites.public, tmp_path_factory.mktemp("nginx")) as url:
        yield url


@pytest.mark.parametrize("page", ["", "press-release/"])
def test_lighthouse_scores_100_on_the_arabic_incident_page(
        sites: SampleSites, base_url: str, tmp_path_factory: pytest.TempPathFactory,
        page: str) -> None:
    """The incident page, and its press release (the same text-first page, for newsrooms)."""
    result = median_lighthouse(base_url + f"ar/{sites.active_id}/{page}",
                               tmp_path_factory.mktemp("lighthouse-rtl"))
    scores = {c: round((result["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
    below = {c: s for c, s in scores.items() if s < 100}
    details = "\n".join(f"  {c} {s}: " + "\n    ".join(["", *shortfalls(result, c)])
                        for c, s in below.items())
    assert not below, f"ar page {page or 'incident'}: {scores}\n{details}"
