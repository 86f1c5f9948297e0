"""Origin gate: no page makes the browser ask another origin for anything.

A crisis page that loads a font, a script or an image from someone else's
server can fail when that server is slow or blocked, tells that server who
reads about the crisis, and breaks the site's own caching under a traffic
spike. ``bench`` checks the same from the built HTML of 1,000 pages; here
Chromium loads each kind of page, waits until the network is idle (so that
requests made later by scripts count too), and every request it made must
have gone to the local server.
"""

from __future__ import annotations

import pytest

from tests.quality_support import SampleSites, public_pages

pytestmark = pytest.mark.browser


def requested_urls(browser, url: str) -> list[str]:
    """Every URL the browser requested while loading ``url`` until the network was idle."""
    context = browser.new_context()
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        page.goto(url, wait_until="networkidle")
    finally:
        context.close()
    return requested


@pytest.mark.parametrize(
    "name", ["home", "incident", "resolved-incident", "archive", "lite", "lite-incident"])
def test_public_pages_request_nothing_from_other_origins(
    browser, sites: SampleSites, public_url: str, name: str
) -> None:
    requested = requested_urls(browser, public_url + public_pages(sites)[name])
    foreign = [url for url in requested
               if url.startswith(("http:", "https:")) and not url.startswith(public_url)]
    assert requested, "the page made no request at all"
    assert not foreign, f"the {name} page requested: {foreign}"


def test_rehearsal_pages_request_nothing_from_other_origins(
    browser, sites: SampleSites, rehearsal_url: str
) -> None:
    for path in ("", f"{sites.draft_id}/"):
        requested = requested_urls(browser, rehearsal_url + path)
        foreign = [url for url in requested
                   if url.startswith(("http:", "https:")) and not url.startswith(rehearsal_url)]
        assert not foreign, f"the rehearsal page /{path} requested: {foreign}"
