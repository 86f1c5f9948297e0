"""The queue as an HTML page for the reply desk (``darksite replies --format html``).

One self-contained file (``templates/queue.html``: inline CSS, no script,
no font or image to fetch), so it opens from a laptop's disk, a shared
drive or an attachment during a rehearsal with no server and no network.
It is for the desk, never for the public: ``noindex``, a banner saying so
(and "REHEARSAL - NOT PUBLIC" for a draft incident).

Each comment is one ``<article>`` (id ``comment-<id>``) with who wrote what
where, the kind and its reason, and the draft in a read-only text box ready
to select and copy, with its length, the section it quotes (a working link
to the exact place on the page) and any check that failed. Jinja2 (already
a dependency, through MkDocs) renders it with autoescaping, so a comment
holding markup is shown as text and can never run in the desk's browser.
"""

from __future__ import annotations

import jinja2

from darksite.replies.classify import CommentKind
from darksite.replies.desk import Queue

KIND_LABELS = {
    CommentKind.QUESTION.value: "Question",
    CommentKind.COMPLAINT.value: "Complaint",
    CommentKind.SENSITIVE.value: "Sensitive: private route only",
    CommentKind.HOSTILE.value: "Hostile",
    CommentKind.NO_REPLY.value: "No reply needed",
}


_ENVIRONMENT = jinja2.Environment(loader=jinja2.PackageLoader("darksite.replies", "templates"),
                                  autoescape=True, undefined=jinja2.StrictUndefined,
                                  keep_trailing_newline=True)


def html_page(queue: Queue, page_url: str, lang: str | None = None,
              rehearsal: bool = False) -> str:
    """The whole queue as one HTML document (see the module docstring).

    ``rehearsal`` puts the REHEARSAL banner on it whatever the incident's
    status (``darksite rehearse`` serves it so).
    """
    rows = []
    by_kind: dict[str, list[str]] = {kind: [] for kind in KIND_LABELS}
    for row in queue.rows:
        data = row.to_json()
        reply = str(data["reply"] or "")
        data["rows"] = max(3, len(reply) // 70 + 2)
        rows.append(data)
        by_kind.setdefault(str(data["kind"]), []).append(str(data["id"]))
    summary = ", ".join(f"{len(ids)} {kind}" for kind, ids in by_kind.items() if ids)
    return _ENVIRONMENT.get_template("queue.html").render(
        incident=queue.incident, lang=queue.incident.lang or lang or "en", page_url=page_url,
        rows=rows, summary=summary or "none", rehearsal=rehearsal, labels=KIND_LABELS,
        recurring=queue.recurring,
        by_kind=[(kind, KIND_LABELS.get(kind, kind), ids) for kind, ids in by_kind.items()
                 if ids])
