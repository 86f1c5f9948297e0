"""The reply queue: every comment classified, drafted and reviewed, plus the monitoring.

This is the API under ``darksite replies``; the bench and the tests call it
directly with an :class:`~darksite.model.Incident` and a list of comments.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from darksite.model import Incident
from darksite.replies.approved import incident_passages
from darksite.replies.classify import Classification, CommentKind, classify
from darksite.replies.comments import Comment
from darksite.replies.compose import Composer, Draft
from darksite.replies.lines import ReplyLines
from darksite.replies.matching import PassageIndex
from darksite.replies.monitor import QuestionGroup, recurring_questions
from darksite.replies.review import length_note, review


@dataclass(frozen=True)
class QueueRow:
    """One comment and what to do about it."""

    comment: Comment
    verdict: Classification
    draft: Draft
    problems: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        draft = self.draft
        return {
            "id": self.comment.id,
            "channel": self.comment.channel,
            "author": self.comment.author,
            "time": self.comment.time,
            "text": self.comment.text,
            "kind": self.verdict.kind.value,
            "reason": self.verdict.reason,
            "reply": draft.text if draft.is_reply else None,
            "section": draft.section,
            "link": draft.url,
            "private_route": draft.route.label if draft.route else None,
            "length": length_note(self.comment.reply_channel, draft.text)
            if draft.is_reply else None,
            "note": draft.note,
            "problems": list(self.problems),
        }


@dataclass(frozen=True)
class Queue:
    """The whole queue for one incident, in the order the comments came."""

    incident: Incident
    rows: tuple[QueueRow, ...]
    recurring: tuple[QuestionGroup, ...]


def build_queue(incident: Incident, comments: Sequence[Comment], page_url: str,
                render: Callable[[str], object] | None = None,
                lang: str | None = None) -> Queue:
    """Classify, draft and review every comment for ``incident`` (page at ``page_url``)."""
    index = PassageIndex(incident_passages(incident, render))
    lines = ReplyLines.for_incident(incident.replies, incident.lang or lang)
    composer = Composer(incident, index, lines, page_url)
    rows = []
    asked = []
    for comment in comments:
        verdict = classify(comment.text)
        draft = composer.draft(comment, verdict)
        problems = tuple(review(comment.reply_channel, draft.text)) if draft.is_reply else ()
        rows.append(QueueRow(comment, verdict, draft, problems))
        if verdict.kind is CommentKind.QUESTION:
            answer = None
            if draft.section is not None:
                answer = " ".join(p.text for p in draft.parts if p.source == draft.section)
            asked.append((comment.id, comment.text, draft.section, answer))
    return Queue(incident, tuple(rows), tuple(recurring_questions(asked)))
