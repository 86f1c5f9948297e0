"""The reply desk (issue 17): on message, sensitive cases offline, no argument, in limits.

The properties are proved on every comment of the labelled set
(``bench/data/replies/comments.jsonl``, 308 comments over five incidents) and
on the shipped sample incident through the real command line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bench import replies as bench

from darksite.checks.text import sentences
from darksite.cli import main
from darksite.loader import load_incident_text
from darksite.replies.approved import approved_sentences, normalise
from darksite.replies.classify import CommentKind
from darksite.replies.comments import CommentFileError, read_comments
from darksite.replies.compose import route_text
from darksite.replies.lines import SLOT_RE, ReplyLines
from darksite.replies.review import fits, tone_problems
from tests.conftest import incident_yaml, make_project

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "incidents" / "2026-11-customer-data-exposure.yaml"

ASKS_FOR_DATA = re.compile(
    r"\b(?:send|give|tell|share|post|dm|message|provide|confirm|reply with)\b[^.]{0,40}\b(?:your|"
    r"the)\b[^.]{0,30}\b(?:account (?:number|no)|postcode|address|date of birth|phone number|"
    r"email|details|password|card|reference|name)\b", re.IGNORECASE)
"""A public reply that asks for personal data (what a reply must never do)."""


@pytest.fixture(scope="module")
def labelled():
    return bench.load_labelled()


@pytest.fixture(scope="module")
def rows(labelled):
    return bench.run_queues(labelled)


@pytest.fixture(scope="module")
def incidents(labelled):
    return {i: bench.load_incident(i) for i in {item["incident"] for item in labelled}}


def _line_pattern(template: str, routes: list[str]) -> re.Pattern[str]:
    """A templated line as a pattern: the rest literally, a route only a private contact."""
    parts = SLOT_RE.split(template)
    slot = {"url": r"https://\S+", "name": r"[^,\s]+",
            "route": "(?:" + "|".join(map(re.escape, routes or ["-"])) + ")"}
    pattern = "".join(re.escape(p) if n % 2 == 0 else f"(?P<{p}>{slot.get(p, '.+?')})"
                      for n, p in enumerate(parts))
    pattern = pattern.replace(r"\ (?P<name>[^,\s]+)", r"(?:\ (?P<name>[^,\s]+))?")
    return re.compile(pattern)


def _off_message(text: str, approved: frozenset[str], lines: ReplyLines,
                 comment: str, routes: list[str]) -> list[str]:
    """The parts of ``text`` that are neither an approved sentence nor an approved line."""
    rest = text
    for key in ("greeting", "acknowledgement", "private_route", "link", "unanswered", "pointer"):
        for match in list(_line_pattern(getattr(lines, key), routes).finditer(rest)):
            concern = match.groupdict().get("concern")
            if concern is not None:
                words = set(re.findall(r"[a-z']+", comment.lower().replace("’", "'")))
                swapped = {"you", "your", "yours", "you're", "you've", "you'd", "you'll",
                           "yourself", "are", "were", "have"}
                assert set(re.findall(r"[a-z']+", concern.lower())) <= words | swapped, concern
            rest = rest.replace(match.group(0), " ")
    return [s for s in sentences(" ".join(rest.split())) if normalise(s) not in approved]


def test_no_draft_says_anything_that_is_not_approved(labelled, rows, incidents):
    checked = 0
    for item in labelled:
        row = rows[item["id"]]
        if not row.draft.is_reply:
            continue
        incident = incidents[item["incident"]]
        lines = ReplyLines.for_incident(incident.replies, incident.lang)
        routes = [route_text(c) for c in incident.private_contacts]
        stray = _off_message(row.draft.text, approved_sentences(incident), lines, item["text"],
                             routes)
        assert stray == [], (item["id"], stray)
        checked += 1
    assert checked > 200


def test_the_check_itself_catches_an_invented_sentence(incidents):
    incident = incidents["2026-11-customer-data-exposure"]
    lines = ReplyLines.for_incident(None, "en")
    text = ("Hello Sam, No passwords were leaked, we promise. The details are on our page: "
            "https://status.example.com/x/")
    assert _off_message(text, approved_sentences(incident), lines, "", []) != []


def test_sensitive_cases_get_only_a_private_route_and_no_request_for_data(labelled, rows):
    sensitive = [item for item in labelled if item["kind"] == "sensitive"]
    assert len(sensitive) >= 50
    for item in sensitive:
        row = rows[item["id"]]
        assert row.verdict.kind is CommentKind.SENSITIVE, (item["id"], row.verdict.reason)
        assert bench.routed_privately(row), item["id"]
        assert row.draft.route.private
        text = row.draft.text
        assert not ASKS_FOR_DATA.search(text), (item["id"], text)
        for number in re.findall(r"\d{6,}|[\w.+-]+@[\w-]+\.[\w.]+", item["text"]):
            assert number not in text, (item["id"], number)
        assert row.draft.section is None  # no fact from the page, no detail


def test_the_data_request_pattern_would_catch_a_bad_reply():
    assert ASKS_FOR_DATA.search("Please send us your account number and postcode.")
    assert not ASKS_FOR_DATA.search("We would like to help you with this personally: Callback.")


def test_hostile_remarks_get_no_argument(labelled, rows):
    hostile = [item for item in labelled if item["kind"] == "hostile"]
    for item in hostile:
        row = rows[item["id"]]
        assert bench.no_argument(row), (item["id"], row.draft.text)
        if row.draft.is_reply:
            assert row.draft.url and "#" in row.draft.url
    assert any(rows[item["id"]].draft.is_reply for item in hostile), "no pointer was ever given"
    assert any(not rows[item["id"]].draft.is_reply for item in hostile)


def test_every_draft_fits_its_channel_and_passes_the_tone_checks(labelled, rows):
    for item in labelled:
        row = rows[item["id"]]
        if row.draft.is_reply:
            assert fits(row.comment.reply_channel, row.draft.text), (item["id"], row.draft.text)
            assert tone_problems(row.draft.text) == [], (item["id"], row.draft.text)
            assert row.problems == ()


def test_an_sms_reply_stays_in_one_segment(incidents):
    from darksite.replies.comments import Comment
    from darksite.replies.desk import build_queue
    from darksite.textlength import channel_length, is_gsm7

    incident = incidents["2026-11-customer-data-exposure"]
    queue = build_queue(incident, [Comment("1", "sms", "How do I know if my details were in "
                                           "the file?", "Sam")],
                        "https://status.example.com/2026-11-customer-data-exposure/")
    text = queue.rows[0].draft.text
    assert is_gsm7(text) and channel_length("sms", text) <= 160


def test_the_docs_report_the_measured_figures_and_the_goals_hold():
    figures = bench.measure()
    document = bench.DOC.read_text(encoding="utf-8")
    assert bench.figures_block(figures) in document, "run: python -m bench.replies"
    assert figures.total >= 300
    assert figures.sensitive_private == figures.sensitive
    assert figures.hostile_no_argument == figures.hostile
    assert figures.drafts_within_limits == figures.drafts
    kinds = {item["incident_kind"] for item in bench.load_labelled()}
    assert len(kinds) >= 5


def test_the_labelled_set_names_its_sources(labelled):
    for item in labelled:
        assert item["source"].startswith("http") and item["constructed"] is True
        assert item["kind"] in {k.value for k in CommentKind}


# -- the held-out set: measured, never tuned against -----------------------------------------


@pytest.fixture(scope="module")
def heldout():
    return bench.load_labelled(bench.HELDOUT)


@pytest.fixture(scope="module")
def heldout_rows(heldout):
    return bench.run_queues(heldout)


def test_the_held_out_set_is_separate_and_its_figures_are_in_the_docs(labelled, heldout):
    assert len(heldout) >= 80
    assert not {i["id"] for i in heldout} & {i["id"] for i in labelled}
    assert not {normalise(i["text"]) for i in heldout} & {normalise(i["text"]) for i in labelled}
    for item in heldout:
        assert item["source"].startswith("http") and item["constructed"] is True
        assert item["kind"] in {k.value for k in CommentKind}
    assert {i["incident_kind"] for i in heldout} == {i["incident_kind"] for i in labelled}
    document = bench.DOC.read_text(encoding="utf-8")
    figures = bench.measure(heldout)
    block = bench.figures_block(figures, bench.HELDOUT, (bench.HELD_START, bench.HELD_END))
    assert block in document, "run: python -m bench.replies"


def test_what_holds_for_any_comment_holds_on_the_held_out_set(heldout, heldout_rows,
                                                              incidents):
    """Whatever the kind found, a draft is on message, in its limits, calm, and asks for no data.

    (The kind figures on this set are reported, not asserted: see docs/replies.md.)
    """
    for item in heldout:
        row = heldout_rows[item["id"]]
        if not row.draft.is_reply:
            continue
        incident = incidents.get(item["incident"]) or bench.load_incident(item["incident"])
        lines = ReplyLines.for_incident(incident.replies, incident.lang)
        routes = [route_text(c) for c in incident.private_contacts]
        assert _off_message(row.draft.text, approved_sentences(incident), lines, item["text"],
                            routes) == [], item["id"]
        assert fits(row.comment.reply_channel, row.draft.text), item["id"]
        assert tone_problems(row.draft.text) == [], item["id"]
        assert not ASKS_FOR_DATA.search(row.draft.text), item["id"]


# -- the command line on the shipped sample -------------------------------------------------


@pytest.fixture(scope="module")
def sample_project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("replies") / "project", {
        SAMPLE.name: SAMPLE.read_text(encoding="utf-8"),
        "broken-2026.yaml": incident_yaml("broken-2026") + "\nnot_a_key: 1\n",
    })


COMMENTS = [
    {"id": "c1", "channel": "x", "author": "Sam Jones", "text": "Was my password leaked?"},
    {"id": "c2", "channel": "facebook", "author": "Ann",
     "text": "My mum is on oxygen, who has seen her details?"},
    {"id": "c3", "channel": "x", "author": "@troll", "text": "useless idiots"},
    {"id": "c4", "channel": "x", "author": "",
     "text": "Can I close my account without an exit fee?"},
    {"id": "c5", "channel": "x", "author": "", "text": "Can I close my account with no exit fee?"},
]


def _jsonl(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_replies_on_the_shipped_sample_gives_a_queue(sample_project, tmp_path, capsys):
    source = _jsonl(tmp_path / "comments.jsonl", COMMENTS)
    code = main(["replies", "2026-11-customer-data-exposure", "-f",
                 str(sample_project / "mkdocs.yml"), "--from", str(source), "--format", "jsonl"])
    out = capsys.readouterr().out
    assert code == 0
    queue = [json.loads(line) for line in out.splitlines()]
    assert [row["kind"] for row in queue] == ["question", "sensitive", "hostile", "question",
                                              "question"]
    assert queue[0]["link"].endswith("/2026-11-customer-data-exposure/#faq-2")
    assert queue[0]["reply"].startswith("Hello Sam,") and "did not contain passwords" in \
        queue[0]["reply"]
    assert queue[1]["private_route"] and "oxygen" not in queue[1]["reply"]
    assert queue[2]["reply"] is None
    assert "we will add one there" in queue[3]["reply"]


def test_the_table_lists_recurring_questions_and_suggest_faq_writes_a_draft(
        sample_project, tmp_path, capsys):
    source = _jsonl(tmp_path / "comments.jsonl", COMMENTS)
    out_file = tmp_path / "faq-suggestions.yaml"
    incident_before = (sample_project / "incidents" / SAMPLE.name).read_bytes()
    code = main(["replies", "2026-11-customer-data-exposure", "-f",
                 str(sample_project / "mkdocs.yml"), "--from", str(source),
                 "--suggest-faq", str(out_file)])
    out = capsys.readouterr().out
    assert code == 0
    assert "asked 2 times" in out and "exit fee" in out
    block = out_file.read_text(encoding="utf-8")
    assert "DRAFT FOR APPROVAL" in block and "{{ approved_answer }}" in block
    assert (sample_project / "incidents" / SAMPLE.name).read_bytes() == incident_before


def test_suggest_faq_never_writes_into_the_incidents_folder_or_over_a_file(
        sample_project, tmp_path, capsys):
    args = ["replies", "2026-11-customer-data-exposure", "-f",
            str(sample_project / "mkdocs.yml"), "--comment", "Can I close my account?"]
    assert main([*args, "--suggest-faq", str(sample_project / "incidents" / "x.yaml")]) == 1
    assert "never go into the incidents folder" in capsys.readouterr().err
    existing = tmp_path / "mine.yaml"
    existing.write_text("my notes\n")
    assert main([*args, "--suggest-faq", str(existing)]) == 1
    assert existing.read_text() == "my notes\n"
    assert "never overwrites" in capsys.readouterr().err


def test_one_comment_from_the_command_line(sample_project, capsys):
    code = main(["replies", "2026-11-customer-data-exposure", "-f",
                 str(sample_project / "mkdocs.yml"), "--comment",
                 "I have been on hold for two hours and nobody picks up.", "--author", "Kev"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Thank you for telling us that you have been on hold for two hours" in out


def test_csv_with_the_documented_columns(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text('time,id,channel,author,text,extra\n2026-11-25T10:00Z,a1,x,Sam,"Hi, a '
                    'question?",z\n', encoding="utf-8")
    [comment] = read_comments(path)
    assert (comment.id, comment.channel, comment.author, comment.text) == \
        ("a1", "x", "Sam", "Hi, a question?")


@pytest.mark.parametrize(("name", "text", "where"), [
    ("c.jsonl", '{"id": "1", "text": "ok"}\n{"id": 2, "text": \n', "c.jsonl:2:"),
    ("c.jsonl", '{"id": "1", "text": "ok"}\n{"id": "1", "text": "again"}\n', "appears twice"),
    ("c.jsonl", '{"id": "1", "channel": "x"}\n', "c.jsonl:1: the comment has no 'text'"),
    ("c.csv", "id,channel,author\n1,x,Sam\n", "c.csv:1: the header row lacks 'text'"),
])
def test_a_broken_comment_file_is_located(tmp_path, name, text, where):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommentFileError, match=re.escape(where)):
        read_comments(path, file=name)


def test_a_broken_comment_file_is_a_clear_error_not_a_traceback(sample_project, tmp_path,
                                                                 capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    code = main(["replies", "2026-11-customer-data-exposure", "-f",
                 str(sample_project / "mkdocs.yml"), "--from", str(bad)])
    err = capsys.readouterr().err
    assert code == 1 and "bad.jsonl:1:" in err and "Traceback" not in err


# -- the replies: block ----------------------------------------------------------------------


def test_the_replies_block_replaces_the_default_lines(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8") + (
        '\nreplies:\n  greeting: "Hi {name},"\n'
        '  link: "Read more here: {url}"\n')
    incident, diagnostics = load_incident_text(text.encode(), file=SAMPLE.name)
    assert incident is not None, [d.format_text() for d in diagnostics]
    lines = ReplyLines.for_incident(incident.replies, incident.lang)
    assert lines.fill("greeting", name="Sam") == "Hi Sam,"
    assert lines.fill("greeting", name="") == "Hi,"
    assert lines.unanswered.startswith("We do not have an answer")


def test_an_unknown_slot_in_the_replies_block_is_a_located_error():
    text = SAMPLE.read_text(encoding="utf-8")
    line = text.count("\n") + 3
    text += '\nreplies:\n  greeting: "Hello {nmae},"\n  link: "See the page."\n'
    incident, diagnostics = load_incident_text(text.encode(), file=SAMPLE.name)
    assert incident is None
    found = {(d.path, d.code, d.line) for d in diagnostics if d.is_error}
    assert ("replies.greeting", "reply-slot", line) in found
    assert any(d.path == "replies.link" and "{url}" in d.message for d in diagnostics)


def test_approved_reply_lines_join_the_approval_digest(tmp_path, capsys):
    """The ``replies:`` lines are approved text: a change to them needs a new approval.

    A file approved before it had a ``replies:`` block stays approved; adding or
    editing the block is named as a change (``publish`` holds it back), and the
    desk warns that its drafts may quote unapproved lines until someone approves.
    """
    from darksite.ops.approval import Loader, approval_state, compute_digest

    root = make_project(tmp_path / "project", {SAMPLE.name: SAMPLE.read_text(encoding="utf-8")})
    config = str(root / "mkdocs.yml")
    incident_file = root / "incidents" / SAMPLE.name
    ask = ["replies", "2026-11-customer-data-exposure", "-f", config, "--comment",
           "Was my password leaked?", "--author", "Sam"]
    assert main(["approve", "2026-11-customer-data-exposure", "--by", "Dana Reyes", "-f",
                 config]) == 0
    capsys.readouterr()
    assert main(ask) == 0
    assert "warning" not in capsys.readouterr().err
    import yaml

    before = compute_digest(yaml.compose(incident_file.read_text(), Loader=Loader))
    assert "replies=" not in before  # a file without the block: its old approvals stay valid
    incident_file.write_text(incident_file.read_text() + '\nreplies:\n  greeting: "Hi {name},"\n',
                             encoding="utf-8")
    state = approval_state(yaml.compose(incident_file.read_text(), Loader=Loader))
    assert state.changed == ("replies",)
    assert main(ask) == 0
    captured = capsys.readouterr()
    assert "replies changed since Dana Reyes approved it" in captured.err
    assert "Hi Sam," in captured.out
    assert main(["approve", "2026-11-customer-data-exposure", "--by", "Dana Reyes", "-f",
                 config]) == 0
    after = yaml.compose(incident_file.read_text(), Loader=Loader)
    assert "replies=" in compute_digest(after) and approval_state(after).current
    capsys.readouterr()
    assert main(ask) == 0
    assert "warning" not in capsys.readouterr().err


# -- the HTML page ---------------------------------------------------------------------------


def _html(sample_project, tmp_path, capsys, rows, incident="2026-11-customer-data-exposure"):
    import html5lib

    source = _jsonl(tmp_path / "comments.jsonl", rows)
    assert main(["replies", incident, "-f", str(sample_project / "mkdocs.yml"), "--from",
                 str(source), "--format", "html"]) == 0
    page = capsys.readouterr().out
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    tree = parser.parse(page)
    assert parser.errors == [], parser.errors
    return page, tree


def test_the_html_page_shows_each_comment_its_kind_and_the_draft_to_copy(
        sample_project, tmp_path, capsys):
    rows = [*COMMENTS, {"id": "c6", "channel": "x", "author": "<b>Eve</b>",
                        "text": "<script>alert(1)</script> is my password leaked?"}]
    page, tree = _html(sample_project, tmp_path, capsys, rows)
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "For the reply desk only: not for publication" in page
    articles = tree.findall(".//article")
    assert [a.get("id") for a in articles] == [f"comment-c{n}" for n in range(1, 7)]
    assert [a.get("class") for a in articles] == ["question", "sensitive", "hostile",
                                                  "question", "question", "question"]
    first = articles[0]
    draft = first.find(".//textarea")
    assert draft.get("readonly") is not None and draft.text.startswith("Hello Sam,")
    assert "did not contain passwords" in draft.text
    links = [a.get("href") for a in first.iter("a")]
    assert links == ["https://status.example.com/2026-11-customer-data-exposure/#faq-2"]
    sensitive = articles[1]
    assert "oxygen" not in sensitive.find(".//textarea").text
    assert "Private route:" in "".join(sensitive.itertext())
    assert articles[2].find(".//textarea") is None  # hostile: no reply
    # a comment's markup is shown as text, never run
    assert tree.find(".//script") is None and "&lt;script&gt;" in page
    assert "&lt;b&gt;Eve&lt;/b&gt;" in page
    # the monitoring: the exit-fee question came twice
    assert "Asked 2 times" in page and "exit fee" in page


def test_the_html_page_of_a_draft_incident_says_rehearsal(tmp_path, capsys):
    draft = REPO / "incidents" / "scenario-data-breach.yaml"
    root = make_project(tmp_path / "project", {draft.name: draft.read_text(encoding="utf-8")})
    page, _ = _html(root, tmp_path, capsys, COMMENTS[:2], incident=draft.stem)
    assert "REHEARSAL - NOT PUBLIC" in page and "For the reply desk only" not in page
