"""The feed entry that announces a post-incident review.

The people who followed an incident through its feed are the ones who want
its review; a page they no longer visit would never tell them. The entry is
dated when the review was published (a bare date is that day's midnight in
UTC, so the stamp never moves on a rebuild) and its id comes from that date,
so a feed reader shows it once, as new. The feed (:mod:`darksite.outputs.atom`)
adds it with :func:`review_entry`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from html import escape
from typing import TYPE_CHECKING

from darksite.model import Incident, Review
from darksite.outputs.context import OutputContext
from darksite.outputs.markup import utc_stamp

if TYPE_CHECKING:
    from darksite.outputs.atom import Entry

CATEGORY = "review"


def published_moment(review: Review) -> datetime:
    """When the review was published, as an aware moment (a date: 00:00 UTC that day)."""
    moment = review.published_at
    if isinstance(moment, datetime):
        return moment
    assert isinstance(moment, date)
    return datetime.combine(moment, time(0, 0), tzinfo=UTC)


def review_html(review: Review, ctx: OutputContext, link: str) -> str:
    """The review as the entry's content: its sections, its changes with dates, its link."""
    parts = []
    if review.what_happened:
        parts.append(f"<h2>What happened</h2>\n{ctx.html(review.what_happened)}")
    if review.root_cause:
        parts.append(f"<h2>Root cause</h2>\n{ctx.html(review.root_cause)}")
    if review.changes:
        items = "".join(f"<li>{escape(item.change, quote=False)} ({item.at.isoformat()})</li>"
                        for item in review.changes)
        parts.append(f"<h2>What we changed</h2>\n<ul>{items}</ul>")
    target = review.url if review.url and "://" in review.url else link
    parts.append(f'<p><a href="{escape(target)}">Read the full review</a></p>')
    return "\n".join(parts)


def review_entry(incident: Incident, ctx: OutputContext) -> Entry | None:
    """The entry announcing ``incident``'s review; None when it has none (or is a draft)."""
    from darksite.outputs.atom import Entry, tag_uri

    review = incident.review
    if review is None or not incident.is_public:
        return None
    moment = published_moment(review)
    link = ctx.incident_url(incident.id)
    html = review_html(review, ctx, link)
    return Entry(
        id=tag_uri(ctx, moment.astimezone(UTC).date(),
                   f"{incident.id}/{'rehearsal/' if ctx.settings.rehearsal else ''}review/"
                   f"{utc_stamp(moment)}"),
        title=f"Post-incident review: {incident.title}",
        published=moment,
        updated=moment,
        link=link,
        summary_source=html,
        summary_is_html=True,
        content_html=html,
        lang=incident.lang or ctx.settings.lang,
        category=CATEGORY,
        ongoing=incident.is_active,
    )
