"""``python -m bench.replies``: the reply desk measured on the labelled comment set (issue 17).

Reads ``bench/data/replies/comments.jsonl`` (308 labelled comments across a
data breach, an outage, a product recall, a workplace accident and an
executive-misconduct case; sources per item: the set the rules were tuned
on) and ``bench/data/replies/heldout.jsonl`` (80 more, written after the
rules were set and never tuned against), runs the reply desk on each
incident exactly as ``darksite replies`` does, and rewrites the figures
block of ``docs/replies.md`` between its markers. ``--check`` only compares
and exits 1 when the committed figures are not the ones measured (the test
suite does the same, so the docs cannot drift).

The figures:

- **kind accuracy**: the classifier's kind equals the label;
- **sensitive cases routed privately** (goal: every one): a comment
  labelled sensitive got a reply that is only the greeting and a private
  route from the incident's ``private: true`` contacts;
- **hostile remarks given no argument** (goal: every one): a comment
  labelled hostile got no reply, or only the calm pointer line;
- **questions answered from the right section**: the draft's section is the
  labelled one (FAQ entry, statement sub-section, actions, latest update),
  or, for a question the page does not answer, the draft says so.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from darksite.loader import load_incident_text
from darksite.model import Incident
from darksite.render.markdown import MarkdownRenderer
from darksite.replies.classify import CommentKind
from darksite.replies.comments import Comment
from darksite.replies.desk import QueueRow, build_queue

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "bench" / "data" / "replies"
COMMENTS = DATA / "comments.jsonl"
HELDOUT = DATA / "heldout.jsonl"
"""Labelled comments written after the rules and thresholds were set, never tuned against."""
HELDOUT2 = DATA / "heldout2.jsonl"
"""A second held-out set (24 comments), committed before the method-based rules were first run
on it: personal accounts without topic words, hostile remarks by tone only."""
INCIDENT_DIRS = (REPO / "incidents", DATA / "incidents")
DOC = REPO / "docs" / "replies.md"
SITE_URL = "https://status.example.com/"
START, END = "<!-- figures:start -->", "<!-- figures:end -->"
HELD_START, HELD_END = "<!-- heldout:start -->", "<!-- heldout:end -->"
HELD2_START, HELD2_END = "<!-- heldout2:start -->", "<!-- heldout2:end -->"
KINDS = [kind.value for kind in CommentKind]


def load_labelled(path: Path = COMMENTS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def load_incident(incident_id: str) -> Incident:
    for folder in INCIDENT_DIRS:
        path = folder / f"{incident_id}.yaml"
        if path.is_file():
            incident, diagnostics = load_incident_text(path.read_bytes(),
                                                       file=str(path.relative_to(REPO)))
            if incident is None:
                raise SystemExit("\n".join(d.format_text() for d in diagnostics))
            return incident
    raise SystemExit(f"no incident file for {incident_id}")


def page_url(incident_id: str) -> str:
    return f"{SITE_URL}{incident_id}/"


def run_queues(items: list[dict]) -> dict[str, QueueRow]:
    """Every labelled comment's queue row, by comment id (one queue per incident)."""
    render = MarkdownRenderer(["toc"]).render
    by_incident: dict[str, list[dict]] = defaultdict(list)
    for item in items:
        by_incident[item["incident"]].append(item)
    rows: dict[str, QueueRow] = {}
    for incident_id, group in by_incident.items():
        comments = [Comment(id=i["id"], channel=i["channel"], text=i["text"],
                            author=i["author"], time=i["time"]) for i in group]
        queue = build_queue(load_incident(incident_id), comments, page_url(incident_id),
                            render=render)
        rows.update({row.comment.id: row for row in queue.rows})
    return rows


def routed_privately(row: QueueRow) -> bool:
    parts = row.draft.parts
    return (row.draft.route is not None and row.draft.route.private
            and {p.line for p in parts} <= {"greeting", "private_route"}
            and any(p.line == "private_route" for p in parts))


def no_argument(row: QueueRow) -> bool:
    parts = row.draft.parts
    return all(p.line == "pointer" for p in parts) and not row.problems


@dataclass
class Figures:
    total: int = 0
    correct_kind: int = 0
    sensitive: int = 0
    sensitive_private: int = 0
    hostile: int = 0
    hostile_no_argument: int = 0
    questions: int = 0
    right_section: int = 0
    answerable: int = 0
    answerable_right: int = 0
    unanswerable: int = 0
    unanswerable_right: int = 0
    drafts: int = 0
    drafts_within_limits: int = 0
    confusion: dict[tuple[str, str], int] = field(default_factory=dict)
    by_incident: dict[str, tuple[int, int]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)


def measure(items: list[dict] | None = None) -> Figures:
    items = items if items is not None else load_labelled()
    rows = run_queues(items)
    figures = Figures(total=len(items))
    confusion: Counter[tuple[str, str]] = Counter()
    per_incident: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for item in items:
        row = rows[item["id"]]
        got = row.verdict.kind.value
        confusion[(item["kind"], got)] += 1
        per_incident[item["incident_kind"]][1] += 1
        if got == item["kind"]:
            figures.correct_kind += 1
            per_incident[item["incident_kind"]][0] += 1
        else:
            figures.misses.append(f"{item['id']} labelled {item['kind']}, got {got}")
        if row.draft.is_reply:
            figures.drafts += 1
            figures.drafts_within_limits += not any("too long" in p for p in row.problems)
        if item["kind"] == "sensitive":
            figures.sensitive += 1
            figures.sensitive_private += routed_privately(row)
        if item["kind"] == "hostile":
            figures.hostile += 1
            figures.hostile_no_argument += no_argument(row)
        if item["kind"] == "question":
            figures.questions += 1
            expected = item["answer"]
            right = got == "question" and row.draft.section == expected
            figures.right_section += right
            if expected is None:
                figures.unanswerable += 1
                figures.unanswerable_right += right
            else:
                figures.answerable += 1
                figures.answerable_right += right
    figures.confusion = dict(confusion)
    figures.by_incident = {k: (v[0], v[1]) for k, v in per_incident.items()}
    return figures


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f} %)" if whole else "0/0"


def figures_block(figures: Figures, path: Path = COMMENTS,
                  markers: tuple[str, str] = (START, END)) -> str:
    """The Markdown block that ``docs/replies.md`` carries between its markers."""
    lines = [
        markers[0],
        f"Measured by `python -m bench.replies` on {figures.total} labelled comments "
        f"(`{path.relative_to(REPO)}`).",
        "",
        "| figure | result | goal |",
        "|---|---|---|",
        f"| kind accuracy | {_share(figures.correct_kind, figures.total)} | as high as possible |",
        f"| sensitive cases routed privately | "
        f"{_share(figures.sensitive_private, figures.sensitive)} | every one |",
        f"| hostile remarks given no argument | "
        f"{_share(figures.hostile_no_argument, figures.hostile)} | every one |",
        f"| questions answered from the right section | "
        f"{_share(figures.right_section, figures.questions)} | as high as possible |",
        f"| - of which the page answers | "
        f"{_share(figures.answerable_right, figures.answerable)} | |",
        f"| - of which the page does not answer (\"we will add this\") | "
        f"{_share(figures.unanswerable_right, figures.unanswerable)} | |",
        f"| drafts within their channel's limit | "
        f"{_share(figures.drafts_within_limits, figures.drafts)} | every one |",
        "",
        "Kind accuracy by incident:",
        "",
        "| incident | kind accuracy |",
        "|---|---|",
        *[f"| {name} | {_share(*figures.by_incident[name])} |"
          for name in sorted(figures.by_incident)],
        "",
        "Labelled kind (rows) against the kind found (columns):",
        "",
        "| labelled \\ found | " + " | ".join(KINDS) + " |",
        "|---" * (len(KINDS) + 1) + "|",
        *[f"| {want} | " + " | ".join(str(figures.confusion.get((want, got), 0))
                                     for got in KINDS) + " |" for want in KINDS],
        markers[1],
    ]
    return "\n".join(lines)


def replace_block(document: str, block: str, markers: tuple[str, str] = (START, END)) -> str:
    start, end = markers
    if start not in document or end not in document:
        raise SystemExit(f"{DOC}: the figures markers {start} and {end} are missing")
    head, _, rest = document.partition(start)
    _, _, tail = rest.partition(end)
    return head + block + tail


def blocks() -> list[tuple[str, tuple[str, str]]]:
    """Every figure block: the tuning set's and both held-out sets', with their markers."""
    tuning = figures_block(measure(), COMMENTS, (START, END))
    held = figures_block(measure(load_labelled(HELDOUT)), HELDOUT, (HELD_START, HELD_END))
    held2 = figures_block(measure(load_labelled(HELDOUT2)), HELDOUT2, (HELD2_START, HELD2_END))
    return [(tuning, (START, END)), (held, (HELD_START, HELD_END)),
            (held2, (HELD2_START, HELD2_END))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.replies", description=__doc__)
    parser.add_argument("--check", action="store_true",
                        help="only compare docs/replies.md with the measured figures")
    parser.add_argument("--misses", action="store_true", help="list every wrong kind")
    args = parser.parse_args(argv)
    if args.misses:
        print("\n".join(measure().misses + measure(load_labelled(HELDOUT)).misses
                        + measure(load_labelled(HELDOUT2)).misses))
    document = DOC.read_text(encoding="utf-8")
    updated = document
    for block, markers in blocks():
        updated = replace_block(updated, block, markers)
    if args.check:
        if updated != document:
            print("docs/replies.md figures are stale: run python -m bench.replies",
                  file=sys.stderr)
            return 1
        return 0
    DOC.write_text(updated, encoding="utf-8")
    print("\n\n".join(block for block, _ in blocks()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
