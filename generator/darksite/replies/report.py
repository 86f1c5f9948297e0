"""The queue as people read it: a table for the desk, JSON Lines for tools, the FAQ suggestions."""

from __future__ import annotations

import json
import textwrap

from darksite.replies.desk import Queue


def jsonl(queue: Queue) -> str:
    """One JSON object per comment, in the order the comments came."""
    return "".join(json.dumps(row.to_json(), ensure_ascii=False) + "\n" for row in queue.rows)


def table(queue: Queue, width: int = 100) -> str:
    """A readable queue: each comment, its kind and reason, the draft, then the monitoring."""
    counts: dict[str, int] = {}
    for row in queue.rows:
        counts[row.verdict.kind.value] = counts.get(row.verdict.kind.value, 0) + 1
    summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
    lines = [f"# Reply queue for {queue.incident.id}: {len(queue.rows)} comment(s) ({summary})"]
    if not queue.incident.is_public:
        lines.append("# DRAFT INCIDENT - NOT PUBLIC: rehearsal only; post nothing.")
    for row in queue.rows:
        data = row.to_json()
        who = f" {row.comment.author}" if row.comment.author else ""
        lines += ["", f"[{row.comment.id}] {row.comment.channel}{who}: "
                  f"{_short(row.comment.text, width)}",
                  f"  kind: {data['kind']} ({data['reason']})"]
        if data["reply"]:
            lines += textwrap.wrap(str(data["reply"]), width, initial_indent="  reply: ",
                                   subsequent_indent="         ")
            extra = [f"length {data['length']}"]
            if data["section"]:
                extra.append(f"from {data['section']}")
            if data["private_route"]:
                extra.append(f"private route: {data['private_route']}")
            lines.append("  " + "; ".join(extra))
        else:
            lines.append(f"  no reply: {data['note']}")
        for problem in row.problems:
            lines.append(f"  CHECK: {problem}")
    lines.append("")
    if queue.recurring:
        lines.append("# Questions that keep coming back and that no FAQ entry answers")
        for number, group in enumerate(queue.recurring, start=1):
            where = f"; answered now in {group.answer_section}" if group.answer_section \
                else "; nothing on the page answers it"
            lines.append(f"{number}. asked {group.count} times{where}")
            lines += [f"   - {_short(example, width - 5)}" for example in group.examples]
        lines.append("Write them as FAQ entries with --suggest-faq FILE (a draft for approval).")
    else:
        lines.append("# No unanswered question came back more than once.")
    return "\n".join(lines) + "\n"


def _short(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"
