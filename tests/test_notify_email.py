"""``darksite notify`` by email to a real SMTP server (aiosmtpd) on loopback.

What a recipient gets (multipart plain + HTML, RFC 2047 subject, the
unsubscribe headers, the approved text and nothing else), internal first,
the lead time and ``--public``, rehearsals, supersession, and the faults that
are not a kill: a bad address (5xx), a server that is down, a slow server.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import incident_yaml
from tests.notify_support import (
    FROM,
    MailSink,
    approve_and_publish,
    free_port,
    notify_options,
    run_cli,
    write_recipients,
)


@pytest.fixture
def sink():
    with MailSink() as server:
        yield server


def _project(project, tmp_path: Path, port: int, *, staff: int = 3, public: int = 4,
             incident: str | None = None, **extra) -> Path:
    lists = tmp_path / "lists"
    lists.mkdir(exist_ok=True)
    write_recipients(lists / "staff.csv", staff, prefix="staff")
    write_recipients(lists / "customers.csv", public, prefix="customer")
    audiences = {
        "staff": {"kind": "email", "internal": True, "rehearsal": True,
                  "recipients": str(lists / "staff.csv")},
        "customers": {"kind": "email", "recipients": str(lists / "customers.csv"),
                      "unsubscribe_url": "https://lists.testwind.example/u?e={email}",
                      "unsubscribe_mailto": "leave@testwind.example"},
    }
    audiences.update(extra.pop("audiences", {}))
    root = project({"water.yaml": incident or incident_yaml("water")},
                   plugin_options={"notify": notify_options(port, audiences, **extra)})
    approve_and_publish(root, "water")
    return root


def _recipients(sink: MailSink) -> list[str]:
    return [rcpt for _, rcpts, _ in sink.messages for rcpt in rcpts]


def test_staff_first_then_public_after_lead_time(project, tmp_path, sink, monkeypatch, capsys):
    root = _project(project, tmp_path, sink.port)
    assert run_cli(root, "notify", "water") == 0
    out = capsys.readouterr().out
    assert sorted(_recipients(sink)) == [f"staff{n:05d}@example.org" for n in range(3)]
    assert "wait until 2026-11-26T09:10:00+00:00" in out
    # the same command again before the lead time: nothing new
    assert run_cli(root, "notify", "water") == 0
    assert len(sink.messages) == 3
    monkeypatch.setenv("DARKSITE_NOW", "2026-11-26T09:11:00+00:00")
    assert run_cli(root, "notify", "water") == 0
    assert len(sink.messages) == 7
    assert sink.duplicates() == {}
    # staff came first
    assert all(r.startswith("staff") for r in _recipients(sink)[:3])


def test_public_flag_sends_now_and_status_counts(project, tmp_path, sink, capsys):
    root = _project(project, tmp_path, sink.port)
    assert run_cli(root, "notify", "water", "--public") == 0
    assert len(sink.messages) == 7
    capsys.readouterr()
    assert run_cli(root, "notify", "--status") == 0
    out = capsys.readouterr().out
    assert "staff (internal): 3 sent" in out
    assert "customers (public): 4 sent" in out


def test_email_shape(project, tmp_path, sink):
    incident = incident_yaml("water").replace(
        'title: "MARK-TITLE water supply interrupted in Eastfield"',
        'title: "MARK-TITLE Wasserversorgung in Großbüttel unterbrochen – Eastfield"')
    root = _project(project, tmp_path, sink.port, incident=incident)
    assert run_cli(root, "notify", "water", "--public") == 0
    public = [n for n, (_, rcpt, _) in enumerate(sink.messages) if rcpt[0].startswith("cust")]
    public.sort(key=lambda n: sink.messages[n][1][0])
    raw = sink.messages[public[0]][2]
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")  # every header is 7-bit on the wire
    assert re.search(r"^Subject: .*=\?utf-8\?[qb]\?", head, re.M), head
    message = sink.parsed(public[0])
    assert "Großbüttel" in message["Subject"]
    assert message["From"] == FROM
    assert message["To"].addresses[0].addr_spec == "customer00000@example.org"
    assert message["List-Unsubscribe"].strip() == (
        "<https://lists.testwind.example/u?e=customer00000%40example.org>, "
        "<mailto:leave@testwind.example?subject=unsubscribe>")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Auto-Submitted"] == "auto-generated"
    assert re.fullmatch(r"<[0-9a-f]{32}@testwind\.example>", message["Message-ID"])
    assert message["Date"]
    assert message.get_content_type() == "multipart/alternative"
    plain = message.get_body(("plain",)).get_content()
    rich = message.get_body(("html",)).get_content()
    assert "MARK-SUMMARY" in plain and "MARK-STATEMENT" in plain
    assert "MARK-UPDATE-NEW" in plain
    assert 'href="https://status.example.com/water/"' in rich
    for text in (raw.decode("utf-8", "replace"), plain, rich):
        assert "MARK-INTERNAL" not in text  # never the internal notes
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    staff = sink.parsed(next(n for n in range(7) if n not in public))
    assert "before the public" in staff.get_body(("plain",)).get_content()
    assert staff["List-Unsubscribe"] is None


def test_rehearsal_only_to_rehearsal_audiences_with_tag(project, tmp_path, sink):
    root = _project(project, tmp_path, sink.port,
                    incident=incident_yaml("water", status="draft"))
    assert run_cli(root, "notify", "water") == 1  # a draft is never notified for real
    assert sink.messages == []
    assert run_cli(root, "notify", "water", "--rehearsal", "--public") == 0
    assert sorted(_recipients(sink)) == [f"staff{n:05d}@example.org" for n in range(3)]
    for n in range(3):
        assert sink.parsed(n)["Subject"].startswith("[REHEARSAL] ")


def test_unapproved_change_is_refused(project, tmp_path, sink, capsys):
    root = _project(project, tmp_path, sink.port)
    path = root / "incidents" / "water.yaml"
    path.write_text(path.read_text().replace("MARK-SUMMARY", "MARK-SUMMARY changed"))
    assert run_cli(root, "notify", "water") == 1
    assert "changed since" in capsys.readouterr().err
    assert sink.messages == []


def test_only_what_is_live(project, tmp_path, sink, capsys):
    root = _project(project, tmp_path, sink.port)
    approve_and_publish(root, "water", publish=True)
    assert run_cli(root, "update", "water", "UNPUBLISHED update text") == 0
    assert run_cli(root, "notify", "water", "--to", "public") == 1
    assert "changed since the live release" in capsys.readouterr().err
    assert sink.messages == []
    assert run_cli(root, "publish", "--to", "public", "--notify") == 0
    assert len(sink.messages) == 3
    assert "UNPUBLISHED update text" in sink.parsed(0).get_body(("plain",)).get_content()


def test_later_revision_supersedes_unsent_one(project, tmp_path, sink, monkeypatch):
    root = _project(project, tmp_path, sink.port)
    assert run_cli(root, "notify", "water") == 0  # staff now; customers wait
    assert run_cli(root, "update", "water", "SECOND update") == 0
    monkeypatch.setenv("DARKSITE_NOW", "2026-11-26T09:30:00+00:00")
    assert run_cli(root, "notify", "water", "--public") == 0
    customers = [sink.parsed(n) for n in range(len(sink.messages))
                 if sink.messages[n][1][0].startswith("customer")]
    assert len(customers) == 4  # each once, and only the newer revision
    for message in customers:
        assert "SECOND update" in message.get_body(("plain",)).get_content()
    assert len(sink.messages) == 3 + 3 + 4  # staff got both revisions


def test_bad_address_is_reported_and_never_retried(project, tmp_path, capsys):
    with MailSink(reject={"customer00002@example.org"}) as sink:
        root = _project(project, tmp_path, sink.port)
        assert run_cli(root, "notify", "water", "--public") == 1
        err = capsys.readouterr().err
        assert "failed: customer00002@example.org" in err and "550" in err
        assert len(sink.messages) == 6
        assert run_cli(root, "notify", "water", "--public") == 0  # nothing new went wrong
        assert "1 address(es) refused for good earlier" in capsys.readouterr().err
        assert len(sink.messages) == 6
        assert run_cli(root, "notify", "--status") == 0
        assert "customers (public): 3 sent, 1 failed" in capsys.readouterr().out


def test_server_down_then_up(project, tmp_path, capsys):
    port = free_port()
    root = _project(project, tmp_path, port)
    assert run_cli(root, "notify", "water", "--public") == 1
    err = capsys.readouterr().err
    assert "cannot reach the SMTP server 127.0.0.1" in err and "stay pending" in err
    with MailSink() as sink:
        sink_port = sink.port
        config = root / "mkdocs.yml"
        config.write_text(config.read_text().replace(f'"port": {port}', f'"port": {sink_port}'))
        assert run_cli(root, "notify", "water", "--public") == 0
        assert len(sink.messages) == 7 and sink.duplicates() == {}


def test_slow_server_still_gets_each_once(project, tmp_path):
    with MailSink(delay=0.3) as sink:
        root = _project(project, tmp_path, sink.port, staff=2, public=2)
        assert run_cli(root, "notify", "water", "--public") == 0
        assert len(sink.messages) == 4 and sink.duplicates() == {}


def test_hanging_server_leaves_uncertain_not_duplicated(project, tmp_path, capsys):
    """No answer to the final "." in time: uncertain, reported, never sent again by itself.

    Here the server (aiosmtpd) drops the message when the client hangs up, so
    the message is in fact lost: the documented window, shown, and
    ``--resend-uncertain`` is the operator's way to send it after checking.
    """
    with MailSink(delay=1.0) as sink:
        root = _project(project, tmp_path, sink.port, staff=1, public=0,
                        smtp={"host": "127.0.0.1", "port": sink.port, "timeout": 0.3})
        assert run_cli(root, "notify", "water") == 1
        assert "uncertain: staff00000@example.org" in capsys.readouterr().err
        sink.delay = 0.0
        assert run_cli(root, "notify", "water") == 0
        assert len(sink.messages) <= 1  # never twice
        assert run_cli(root, "notify", "--status") == 0
        assert "1 uncertain" in capsys.readouterr().out
        if not sink.messages:
            assert run_cli(root, "notify", "water", "--resend-uncertain") == 0
        assert len(sink.messages) == 1


@pytest.mark.parametrize("kept", [True, False], ids=["server-kept-it", "server-lost-it"])
def test_connection_cut_after_final_dot_is_uncertain_until_the_operator_says(
        project, tmp_path, capsys, kept):
    """DATA sent in full, the final "." written, then the server hangs up with no answer.

    The message may or may not have been queued by the relay; darksite cannot
    know, so it reports it *uncertain*, sends everyone else, and never sends
    it again by itself. ``--resend-uncertain`` is the operator's word, given
    after checking the relay's log: then it goes once more.
    """
    with MailSink() as sink:
        root = _project(project, tmp_path, sink.port, staff=3, public=0)
        sink.drop_after_dot = "kept" if kept else "lost"
        assert run_cli(root, "notify", "water") == 1
        err = capsys.readouterr().err
        found = re.findall(r"uncertain: (staff\d+@example.org): connection lost after the "
                           r"whole message was sent", err)
        assert len(found) == 1 and "Traceback" not in err, err
        cut = found[0]
        everyone = {f"staff{n:05d}@example.org" for n in range(3)}
        # the others went out (on a new connection for the one that was cut)
        assert sorted(_recipients(sink)) == sorted(everyone if kept else everyone - {cut})
        # the same command again: nothing is sent twice, the uncertain one is named again
        assert run_cli(root, "notify", "water") == 0
        assert "1 message(s) left uncertain earlier" in capsys.readouterr().err
        assert len(sink.messages) == (3 if kept else 2)
        assert run_cli(root, "notify", "--status") == 0
        assert "1 uncertain" in capsys.readouterr().out
        # the operator's word: send it again (a relay that kept it now delivers it twice:
        # that is why it is never automatic)
        assert run_cli(root, "notify", "water", "--resend-uncertain") == 0
        assert _recipients(sink).count(cut) == (2 if kept else 1)
        assert run_cli(root, "notify", "--status") == 0
        out = capsys.readouterr().out
        assert "uncertain" not in out.split("staff", 1)[1].split("\n", 1)[0]
        # and nothing more on a further run
        before = len(sink.messages)
        assert run_cli(root, "notify", "water", "--resend-uncertain") == 0
        assert len(sink.messages) == before


def test_server_without_pipelining_gets_one_command_at_a_time(project, tmp_path, capsys):
    with MailSink(pipelining=False, reject={"staff00001@example.org"}) as sink:
        root = _project(project, tmp_path, sink.port, staff=3, public=0)
        assert run_cli(root, "notify", "water") == 1
        assert "staff00001@example.org" in capsys.readouterr().err
        assert sorted(_recipients(sink)) == ["staff00000@example.org", "staff00002@example.org"]
        assert sink.duplicates() == {}


def test_bad_rows_in_csv_are_skipped_with_their_line(project, tmp_path, sink, capsys):
    root = _project(project, tmp_path, sink.port)
    csv_file = tmp_path / "lists" / "staff.csv"
    csv_file.write_text(csv_file.read_text() + "not-an-address,Someone\nSTAFF00000@example.org,x\n")
    assert run_cli(root, "notify", "water") == 0
    assert "staff.csv:5: skipped: not an email address" in capsys.readouterr().err
    assert len(sink.messages) == 3


def test_semicolon_export_with_bom(tmp_path):
    from darksite.notify.recipients import read_recipients

    path = tmp_path / "crm.csv"
    path.write_bytes("\ufeffName;Email Address\nA Person;a@example.org\n".encode())
    listed = read_recipients(path)
    assert [(r.email, r.name) for r in listed.recipients] == [("a@example.org", "A Person")]


