"""Every rule of the incident format, pinned with a bad fixture and its exact line."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime

import pytest

from darksite.i18n.sidecar import is_sidecar
from darksite.loader import load_incident_text, load_incidents
from darksite.model import ActionStatus, ContactKind, Severity, Status

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
FILE = "incidents/sample-incident.yaml"

VALID = textwrap.dedent(
    """\
    # yaml-language-server: $schema=../schema/incident.schema.json
    id: sample-incident
    title: Customer data exposed through a misconfigured export
    status: active
    severity: critical
    started_at: 2026-11-24T21:40:00+01:00
    summary: >-
      A misconfigured export exposed names and email addresses of 11,912 customers.
    affected: [Customer accounts]
    statement: |
      On 24 November we found that an export was publicly reachable.
    apology:
      text: We are sorry. We failed to protect your data.
      by: {name: Dana Reyes, role: Chief Executive Officer}
    actions:
      - step: We closed the public export and revoked its keys.
        owner: Security team
        status: done
        done_at: 2026-11-24T22:05:00+01:00
      - step: We are emailing every affected customer by 26 November.
        owner: Customer care
        status: in-progress
        due: 2026-11-26
    updates:
      - at: 2026-11-25T08:00:00+01:00
        phase: identified
        text: We have identified all 11,912 affected accounts.
      - at: 2026-11-25T12:00:00Z
        text: Emails are going out.
    next_update: 2026-11-26T18:00:00+01:00
    contacts:
      - {label: Customer hotline, kind: phone, value: "+44 20 7946 0000", hours: 24/7}
      - {label: Press office, kind: email, value: press@example.com, audience: press}
      - {label: Private callback, kind: web, value: "https://example.com/cb", private: true}
    faq:
      - q: Was my password exposed?
        a: No.
    internal:
      notes: Legal has cleared the wording.
    """
)


def load(text: str, file: str = FILE):
    return load_incident_text(text.encode("utf-8"), file=file, now=NOW)


def only_error(text: str, file: str = FILE):
    incident, diagnostics = load(text, file)
    errors = [d for d in diagnostics if d.is_error]
    assert incident is None, "a file with an error must not yield an incident"
    assert errors, "expected an error"
    return errors[0], errors


def line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in fixture")


def test_valid_file_loads_into_the_frozen_model():
    incident, diagnostics = load(VALID)
    assert diagnostics == []
    assert incident is not None
    assert incident.id == "sample-incident"
    assert incident.status is Status.ACTIVE and incident.severity is Severity.CRITICAL
    assert incident.started_at.utcoffset().total_seconds() == 3600
    assert incident.actions[0].status is ActionStatus.DONE
    assert incident.contacts[0].kind is ContactKind.PHONE
    assert incident.contacts[0].value == "+44 20 7946 0000"
    assert incident.contacts[2].private is True
    assert incident.summary.startswith("A misconfigured export")
    assert incident.internal["notes"] == "Legal has cleared the wording."
    assert incident.location("actions[1].step").line == line_of(VALID, "We are emailing")
    with pytest.raises(AttributeError):
        incident.title = "changed"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("old", "new", "code", "path", "needle"),
    [
        ("apology:", "apologie:", "unknown-key", "apologie", "apologie:"),
        ("    owner: Security team", "    ownr: Security team", "unknown-key",
         "actions[0].ownr", "ownr:"),
        ("started_at: 2026-11-24T21:40:00+01:00", "started_at: 2026-11-24T21:40:00",
         "naive-timestamp", "started_at", "started_at:"),
        ("started_at: 2026-11-24T21:40:00+01:00", "started_at: 2026-11-24",
         "date-not-allowed", "started_at", "started_at:"),
        ("started_at: 2026-11-24T21:40:00+01:00", "started_at: 24/11/2026 21:40",
         "invalid-timestamp", "started_at", "started_at:"),
        ("started_at: 2026-11-24T21:40:00+01:00", "started_at: 2026-13-45T21:40:00Z",
         "invalid-timestamp", "started_at", "started_at:"),
        ("status: active", "status: live", "invalid-value", "status", "status:"),
        ("severity: critical", "severity: huge", "invalid-value", "severity", "severity:"),
        ("    phase: identified", "    phase: fixing", "invalid-value",
         "updates[0].phase", "phase: fixing"),
        ("value: press@example.com", "value: press-at-example.com", "invalid-contact",
         "contacts[1].value", "press-at-example"),
        ('value: "+44 20 7946 0000"', 'value: "020 7946 0000"', "invalid-contact",
         "contacts[0].value", "020 7946"),
        ('value: "https://example.com/cb"', 'value: "http://example.com/cb"', "invalid-contact",
         "contacts[2].value", "http://example"),
        ("kind: phone", "kind: fax", "invalid-value", "contacts[0].kind", "kind: fax"),
        ("private: true}", "private: maybe}", "wrong-type", "contacts[2].private", "maybe"),
        ("id: sample-incident", "id: Sample_Incident", "invalid-id", "id", "id: Sample"),
        ("title: Customer data exposed through a misconfigured export", "title: no",
         "yaml-boolean", "title", "title: no"),
        ("title: Customer data exposed through a misconfigured export", "title: 2026-11-25",
         "yaml-date", "title", "title: 2026"),
        ('value: "+44 20 7946 0000"', "value: +442079460000", "yaml-number",
         "contacts[0].value", "+4420794"),
        ("affected: [Customer accounts]", "affected: Customer accounts", "wrong-type",
         "affected", "affected:"),
        ("    owner: Customer care", "    owner: [a, b]", "wrong-type", "actions[1].owner",
         "owner: [a, b]"),
        ("    done_at: 2026-11-24T22:05:00+01:00\n", "", "required-when-done",
         "actions[0].status", "status: done"),
        ("  - at: 2026-11-25T12:00:00Z", "  - at: 2026-11-25T06:00:00Z",
         "updates-out-of-order", "updates[1].at", "06:00:00Z"),
        ("  - at: 2026-11-25T12:00:00Z", "  - at: 2026-12-25T12:00:00Z", "update-in-future",
         "updates[1].at", "2026-12-25"),
        ("  notes: Legal", "  notes: Ask {{ who }} Legal", "placeholder", "internal.notes",
         "{{ who }}"),
        ("statement: |\n  On 24", "statement: |\n  {{ company }} On 24", "placeholder",
         "statement", "{{ company }}"),
        ("    due: 2026-11-26\n", "    due: 2026-11-26\n    due: 2026-11-27\n",
         "duplicate-key", "actions[1].due", "2026-11-27"),
        ("severity: critical", "severity: !!python/object/apply:os.system ['true']",
         "unsafe-tag", "severity", "!!python"),
        ("title: Customer data exposed through a misconfigured export",
         "title: " + "x" * 121, "too-long", "title", "xxxxxxxx"),
        ("summary: >-", "summary: >-\n  " + "y" * 281 + "\nignored: >-", "too-long", "summary",
         "summary:"),
        ("    a: No.", "    a:", "missing-value", "faq[0].a", "    a:"),
        ("  text: We are sorry.", "  text: |\n    We are sorry.\n\n    Really.\n  extra:",
         "unknown-key", "apology.extra", "extra:"),
    ],
)
def test_each_rule_is_an_error_at_its_line_and_key(old, new, code, path, needle):
    assert old in VALID, old
    text = VALID.replace(old, new, 1)
    _, errors = only_error(text)
    matching = [e for e in errors if e.code == code]
    assert matching, [e.format_text() for e in errors]
    error = matching[0]
    assert error.path == path
    assert error.line == line_of(text, needle), error.format_text()
    assert error.file == FILE
    assert error.message


def test_typo_suggests_the_closest_known_key():
    error, _ = only_error(VALID.replace("apology:", "apologie:"))
    assert error.hint == "did you mean 'apology'?"
    assert error.format_text() == (
        f"{FILE}:{line_of(VALID, 'apology:')}:1: error[unknown-key] apologie: "
        "unknown key 'apologie' (did you mean 'apology'?)"
    )


def test_yaml_boolean_hint_says_quote_it():
    error, _ = only_error(VALID.replace("hours: 24/7", "hours: no"))
    assert error.code == "yaml-boolean"
    assert error.hint == 'quote it: "no"'


def test_missing_required_keys_are_all_listed():
    text = VALID.replace("title: Customer data exposed through a misconfigured export\n", "")
    text = text.replace("statement: |\n  On 24 November we found that an export was publicly "
                        "reachable.\n", "")
    _, errors = only_error(text)
    codes = {(e.code, e.path) for e in errors}
    assert ("missing-key", "title") in codes
    assert ("missing-key", "statement") in codes


def without_block(text: str, key: str) -> str:
    """``text`` without the top-level ``key:`` and its indented lines."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith(" "))
    return "".join(lines[:start] + lines[end:])


@pytest.mark.parametrize("key", ["started_at", "actions", "contacts"])
def test_public_incident_requires(key):
    _, errors = only_error(without_block(VALID, key))
    assert any(e.code == "required-when-public" and e.path == key for e in errors), errors


def test_draft_needs_no_start_actions_or_contacts_and_may_hold_placeholders():
    text = textwrap.dedent(
        """\
        id: sample-incident
        title: "{{ company }} data breach"
        status: draft
        summary: We found that {{ count }} records were exposed.
        statement: Placeholder statement for {{ company }}.
        """
    )
    incident, diagnostics = load(text)
    assert diagnostics == []
    assert incident is not None and not incident.is_public


def test_malformed_placeholder_in_a_draft_is_an_error():
    text = "id: sample-incident\ntitle: T\nstatus: draft\nsummary: '{{ bad name }} x'\n" \
           "statement: S\n"
    error, _ = only_error(text)
    assert (error.code, error.path, error.line) == ("malformed-placeholder", "summary", 4)


def test_resolved_needs_resolved_at_not_before_started():
    text = VALID.replace("status: active", "status: resolved")
    error, _ = only_error(text)
    assert error.code == "required-when-resolved"
    text = text.replace("next_update:", "resolved_at: 2026-11-20T10:00:00Z\nnext_update:")
    error, _ = only_error(text)
    assert error.code == "resolved-before-started"
    assert error.line == line_of(text, "resolved_at:")


def test_id_must_match_the_file_stem():
    error, _ = only_error(VALID, file="incidents/other-name.yaml")
    assert error.code == "id-mismatch"
    assert error.line == line_of(VALID, "id: sample")
    assert "other-name.yaml" not in error.hint and "sample-incident.yaml" in error.hint


def test_video_requires_captions_as_a_vtt_file():
    text = VALID + "spokesperson:\n  name: Dana\n  role: CEO\n  video: {src: media/v.mp4}\n"
    _, errors = only_error(text)
    assert any(e.code == "missing-key" and e.path == "spokesperson.video.captions"
               for e in errors)
    text = VALID + ("spokesperson:\n  name: Dana\n  role: CEO\n"
                    "  video: {src: media/v.mp4, captions: media/v.srt}\n")
    _, errors = only_error(text)
    assert any(e.code == "invalid-captions" for e in errors)


def test_video_requires_a_transcript_and_a_file_on_this_site():
    video = "  video: {src: media/v.mp4, captions: media/v.vtt}\n"
    text = VALID + "spokesperson:\n  name: Dana\n  role: CEO\n" + video
    _, errors = only_error(text)
    missing = [e for e in errors if e.path == "spokesperson.video.transcript"]
    assert missing and missing[0].code == "missing-key"
    assert missing[0].line == line_of(text, "  video:")
    hosted = text.replace("src: media/v.mp4", "src: https://videos.example.net/v.mp4").replace(
        "captions: media/v.vtt", "captions: media/v.vtt, transcript: We are sorry.")
    error, _ = only_error(hosted)
    assert error.code == "video-not-self-hosted"
    assert error.path == "spokesperson.video.src" and "docs folder" in (error.hint or "")


def test_docs_paths_must_exist_when_the_docs_folder_is_known(tmp_path):
    text = VALID + "spokesperson:\n  name: Dana\n  role: CEO\n  photo: media/dana.jpg\n"
    incident, diagnostics = load_incident_text(text.encode(), file=FILE, docs_dir=tmp_path,
                                               now=NOW)
    assert incident is None
    assert diagnostics[0].code == "missing-file"
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "dana.jpg").write_bytes(b"jpg")
    incident, diagnostics = load_incident_text(text.encode(), file=FILE, docs_dir=tmp_path,
                                               now=NOW)
    assert incident is not None, diagnostics


@pytest.mark.parametrize(
    ("data", "code", "line"),
    [
        (b"", "empty-file", 1),
        (b"# only a comment\n", "empty-file", 1),
        (b"- a\n- b\n", "not-a-mapping", 1),
        (b"just text\n", "not-a-mapping", 1),
        (b"\xef\xbb\xbf" + VALID.encode(), "byte-order-mark", 1),
        (VALID.replace("Dana Reyes", "Dana R\xe9yes").encode("latin-1"), "not-utf8",
         line_of(VALID, "Dana Reyes")),
        (VALID.replace("\n  - step: We are", "\n\t- step: We are").encode(), "tab-indent",
         line_of(VALID, "We are emailing")),
        (VALID.encode() + b"---\nid: second\n", "multiple-documents",
         len(VALID.splitlines()) + 1),
        (VALID.replace('title: Customer data', 'title: "Customer data').encode(),
         "unclosed-quote", line_of(VALID, "title:")),
        (VALID.replace("severity: critical", "severity: critical: yes").encode(),
         "yaml-syntax", line_of(VALID, "severity:")),
        (b"id: x\n\x00\n", "not-utf8", 2),
    ],
)
def test_unreadable_files_give_one_clear_located_error(data, code, line):
    incident, diagnostics = load_incident_text(data, file=FILE, now=NOW)
    assert incident is None
    assert diagnostics[0].code == code, diagnostics[0].format_text()
    assert diagnostics[0].line == line
    assert diagnostics[0].hint


def test_encoding_and_tab_errors_name_the_key_concerned():
    latin = VALID.replace("Dana Reyes", "Dana R\xe9yes").encode("latin-1")
    _, diagnostics = load_incident_text(latin, file=FILE, now=NOW)
    assert diagnostics[0].path == "apology.by"
    tabbed = VALID.replace("\n  - step: We are", "\n\t- step: We are").encode()
    _, diagnostics = load_incident_text(tabbed, file=FILE, now=NOW)
    assert diagnostics[0].path == "actions[1].step"


def test_syntax_error_names_the_key_concerned():
    text = VALID.replace("    owner: Customer care", "    owner: Customer: care")
    error, _ = only_error(text)
    assert error.code == "yaml-syntax"
    assert error.path == "actions[1].owner"


def test_alias_bomb_is_refused_quickly_without_expanding():
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for name, previous in zip("bcdefghij", "abcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    error, _ = only_error("\n".join(lines) + "\n")
    assert error.code == "too-many-values"


def test_unsafe_tag_is_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    text = VALID.replace(
        "severity: critical",
        f"severity: !!python/object/apply:os.system ['touch {marker}']",
    )
    error, _ = only_error(text)
    assert error.code == "unsafe-tag"
    assert not marker.exists()


def test_every_problem_of_every_file_is_collected_in_one_pass(tmp_path):
    folder = tmp_path / "incidents"
    folder.mkdir()
    (folder / "sample-incident.yaml").write_text(
        VALID.replace("apology:", "apologie:").replace("status: active", "status: live"))
    (folder / "broken.yaml").write_text("- not a mapping\n")
    (folder / "good.yaml").write_text(VALID.replace("id: sample-incident", "id: good"))
    (folder / ".hidden.yaml").write_text("- ignored\n")
    result = load_incidents(folder, root=tmp_path, now=NOW)
    assert [i.id for i in result.incidents] == ["good"]
    seen = {(d.file, d.code) for d in result.diagnostics}
    assert ("incidents/sample-incident.yaml", "unknown-key") in seen
    assert ("incidents/sample-incident.yaml", "invalid-value") in seen
    assert ("incidents/broken.yaml", "not-a-mapping") in seen


def test_the_same_id_in_two_files_is_an_error(tmp_path):
    folder = tmp_path / "incidents"
    folder.mkdir()
    (folder / "sample-incident.yaml").write_text(VALID)
    (folder / "sample-incident.yml").write_text(VALID)
    result = load_incidents(folder, root=tmp_path, now=NOW)
    assert result.incidents == ()
    assert [d.code for d in result.diagnostics] == ["duplicate-id"]


def test_quoted_timestamps_and_yaml_spaced_timestamps_are_read():
    text = VALID.replace("started_at: 2026-11-24T21:40:00+01:00",
                         'started_at: "2026-11-24 21:40:00 +01:00"')
    incident, diagnostics = load(text)
    assert incident is not None, diagnostics
    assert incident.started_at == datetime.fromisoformat("2026-11-24T21:40:00+01:00")


def test_shipped_sample_incidents_all_load_cleanly(project_root):
    result = load_incidents(project_root / "incidents", root=project_root,
                            docs_dir=project_root / "site_src", now=NOW)
    assert [d.format_text() for d in result.diagnostics if d.is_error] == []
    statuses = {i.status for i in result.incidents}
    assert {Status.ACTIVE, Status.RESOLVED, Status.DRAFT} <= statuses
    for path in (project_root / "incidents").glob("*.yaml"):
        schema = "translation" if is_sidecar(path) else "incident"  # darksite.i18n
        assert path.read_text().startswith(
            f"# yaml-language-server: $schema=../schema/{schema}.schema.json")


@pytest.fixture
def project_root():
    from pathlib import Path

    return Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("text", "code", "line", "path"),
    [
        ("id: a\ntitle: Foo\nsummary this has no colon\nstatement: x\n", "yaml-syntax", 3, None),
        ("id: a\ntitle: Foo\naffected: [a, b\nstatus: draft\n", "yaml-syntax", 3, "affected"),
        ("id: a\ntitle: 'Foo\nstatus: draft\nsummary: s\n", "unclosed-quote", 2, "title"),
        ("id: a\napology:\n  by: {name: X, role: Y\n  text: t\n", "yaml-syntax", 3,
         "apology.by"),
        ("id: a\ntitle: @handle\n", "yaml-syntax", 2, "title"),
    ],
)
def test_syntax_errors_point_at_the_line_to_fix(text, code, line, path):
    error, _ = only_error(text, file="incidents/a.yaml")
    assert (error.code, error.line) == (code, line), error.format_text()
    if path is not None:
        assert error.path == path
