"""The ``notify:`` options: what is refused, with a message that says how to fix it."""

from __future__ import annotations

from pathlib import Path

import pytest

from darksite.mkdocs.notify_config import NotifyConfig
from darksite.notify.compose import _qp
from darksite.notify.config import notify_settings
from darksite.notify.errors import NotifyConfigError
from darksite.notify.notice import Notice
from darksite.notify.outbox import Outbox, Target


def _settings(options: dict, root: Path):
    config = NotifyConfig()
    config.load_dict(options)
    errors, _warnings = config.validate()
    assert not errors, errors
    return notify_settings(config, root)


def test_defaults_and_paths(tmp_path):
    settings = _settings({"from_address": "A <a@example.org>", "audiences": {
        "staff": {"kind": "email", "internal": True, "recipients": "lists/staff.csv"},
        "ops": {"kind": "slack", "url_secret": "SLACK_URL"}}}, tmp_path)
    staff, ops = settings.audiences
    assert staff.recipients == tmp_path / "lists/staff.csv" and staff.rate == 100
    assert ops.rate == 1 and ops.connections == 1
    assert settings.outbox == tmp_path / ".darksite-notify/outbox.sqlite"
    assert settings.public_lead_minutes == 10


@pytest.mark.parametrize(("audience", "message"), [
    ({"kind": "email"}, "needs recipients: PATH"),
    ({"kind": "email", "recipients": "x.csv"}, "needs unsubscribe_url"),
    ({"kind": "webhook", "url_secret": "U"}, "needs signing_secret"),
    ({"kind": "teams"}, "needs url_secret"),
    ({"kind": "slack", "token": "xoxb-123456"}, "a secret must never be written"),
])
def test_refused_with_a_fix(tmp_path, audience, message):
    with pytest.raises(NotifyConfigError, match=message) as caught:
        _settings({"from_address": "A <a@example.org>", "audiences": {"x": audience}}, tmp_path)
    assert "xoxb-123456" not in str(caught.value)


def _notice(text: str) -> Notice:
    return Notice(incident_id="w", title="T", status="active", severity="major", url="u",
                  summary="s", affected=(), started_at=None, resolved_at=None,
                  last_updated=None, latest_update_at=None, latest_update=None,
                  next_update=None, subject="S", text=text, organisation="O")


def test_newer_revision_supersedes_pending_only(tmp_path):
    outbox = Outbox(tmp_path / "o.sqlite")
    targets = [Target("a", False, f"r{n}", f"r{n}@example.org") for n in range(3)]
    first, added = outbox.enqueue(_notice("one"), "2026-11-26T09:00:00+00:00", targets)
    assert added == 3
    rows = outbox.pending("w", "a", False)
    assert outbox.claim(rows[0].id)
    outbox.settle(rows[0].id, "sent")
    second, added = outbox.enqueue(_notice("two"), "2026-11-26T09:00:00+00:00", targets)
    assert second != first and added == 3
    assert {row.revision_id for row in outbox.pending("w", "a", False)} == {second}
    counts = {(state, n) for _, _, _, state, n in outbox.counts("w")}
    assert counts == {("sent", 1), ("superseded", 2), ("pending", 3)}
    assert not outbox.claim(rows[1].id)  # a superseded message can never be claimed
    assert outbox.enqueue(_notice("two"), "x", targets) == (second, 0)  # run again: nothing new


def test_quoted_printable_pieces_concatenate():
    import quopri

    head, tail = "Grüße – la ligne est très longue " * 4 + "\n", "\n-- \nfin\n"
    joined = quopri.decodestring(_qp(head) + _qp(tail)).decode("utf-8")
    assert joined.replace("\r\n", "\n") == head + tail


def test_rate_limiter_spaces_sends_after_the_first():
    """Behaviour, not speed: 6 sends at 20 a second cannot take less than 5 intervals."""
    import time

    from darksite.notify.pacing import RateLimiter, backoff

    limiter = RateLimiter(20)
    started = time.monotonic()
    for _ in range(6):
        limiter.acquire()
    assert time.monotonic() - started >= 5 * 0.05 * 0.95
    assert all(2 ** n * 0.5 <= backoff(n, 2, 60) <= 2 ** n for n in (1, 2, 3, 4))
    assert backoff(10, 2, 60) <= 60
