"""Review rules: after a serious incident, the public is owed a post-incident review.

Practice after a critical incident is to publish what happened, the root
cause and what was changed so that it does not happen again, with dates,
within a few weeks. The record is only complete with it, and the people
affected look for it. ``checks.review_after_days`` (default 14) sets how
long after ``resolved_at`` a resolved critical incident may go without one
before ``check`` reminds.
"""

from __future__ import annotations

from collections.abc import Iterator

from darksite.checks.registry import CheckContext, Finding, rule
from darksite.model import Incident, Severity, Status


@rule("review-missing", theme="resolution",
      summary="A resolved critical incident with no post-incident review after review_after_days.")
def review_missing(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """The promised "full report within 14 days" is the last thing readers hold us to."""
    if (incident.status is not Status.RESOLVED or incident.severity is not Severity.CRITICAL
            or incident.review is not None or incident.resolved_at is None):
        return
    limit = context.settings.checks.review_after_days
    days = (context.now - incident.resolved_at).total_seconds() / 86400
    if days > limit:
        yield Finding("review", f"this critical incident was resolved {int(days)} days ago and "
                      f"has no post-incident review (the site's limit is {limit:g} days)",
                      "add review: {published_at: ..., what_happened: |, root_cause: |, "
                      "changes: [{change: ..., at: ...}]} or review: {published_at: ..., url: "
                      "https://...} (docs/format.md#review-a-darksite-extension)",
                      line=incident.location("resolved_at").line)


@rule("review-incomplete", theme="resolution",
      summary="A review that neither links to a review page nor says what happened and why.")
def review_incomplete(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """A review with a date and nothing else would announce a report nobody can read."""
    review = incident.review
    if review is None or review.url or (review.what_happened and review.root_cause):
        return
    missing = [key for key in ("what_happened", "root_cause")
               if not getattr(review, key)]
    yield Finding("review", f"the review has no url and no {' or '.join(missing)}",
                  "link the full review with url:, or write what_happened: and root_cause:")
