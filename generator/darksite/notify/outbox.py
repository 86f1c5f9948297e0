"""The outbox: every message, recorded before it is sent and after, in SQLite (WAL).

Why SQLite: it is in the standard library, a single file, and its
transactions survive a ``kill -9`` at any instruction: a commit either
happened or did not. WAL mode lets ``notify --status`` (and a newer
revision being queued) read and write while a send loop runs.
``synchronous=NORMAL`` makes a commit durable against a crash of the
process (the cases the issue names: crash, ``kill -9``, a full disk) without
an ``fsync`` per message; after a power cut the last few changes may be
lost, so those messages can go out a second time (docs/notify.md says so).

One row per (audience, recipient, revision); its ``state``:

``pending``
    recorded, not handed over yet (certainly not delivered);
``sending``
    the point of no return was passed (:mod:`.port`); a row still
    ``sending`` when a new run takes the send lock belongs to a run that
    died there: it becomes ``uncertain`` (SMTP, Slack, Teams) or
    ``pending`` again (webhooks, which carry an idempotency key);
``sent``, ``failed`` (``permanent`` = the receiver refused it for good),
``uncertain``, ``superseded`` (a newer revision of the incident was queued
before this one went out).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from darksite import clock
from darksite.notify.errors import OutboxError
from darksite.notify.notice import Notice

SCHEMA = """
CREATE TABLE IF NOT EXISTS revisions (
    id INTEGER PRIMARY KEY,
    incident TEXT NOT NULL,
    revision TEXT NOT NULL,
    rehearsal INTEGER NOT NULL,
    notice TEXT NOT NULL,
    created_at TEXT NOT NULL,
    public_at TEXT NOT NULL,
    UNIQUE (incident, revision, rehearsal)
);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY,
    revision_id INTEGER NOT NULL REFERENCES revisions(id),
    incident TEXT NOT NULL,
    audience TEXT NOT NULL,
    internal INTEGER NOT NULL,
    recipient TEXT NOT NULL,
    address TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    unsubscribe TEXT,
    state TEXT NOT NULL DEFAULT 'pending',
    permanent INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    detail TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    UNIQUE (audience, recipient, revision_id)
);
CREATE INDEX IF NOT EXISTS messages_by_state ON messages (incident, state);
"""

STATES = ("pending", "sending", "sent", "failed", "uncertain", "superseded")


@dataclass(frozen=True)
class Row:
    """A message to send, as the send loop reads it."""

    id: int
    revision_id: int
    audience: str
    recipient: str
    address: str
    name: str
    unsubscribe: str | None
    attempts: int


@dataclass(frozen=True)
class Target:
    """One recipient of one audience, for :meth:`Outbox.enqueue`."""

    audience: str
    internal: bool
    recipient: str
    address: str
    name: str = ""
    unsubscribe: str | None = None


RESERVE_SUFFIX = ".reserve"
_SLOTS = itertools.count()
RESERVE_BYTES = 1 << 20
"""Space kept beside the outbox (a ballast file) for recording results on a full disk."""


def _make_reserve(path: Path) -> None:
    """Keep :data:`RESERVE_BYTES` allocated at ``path``; quietly none when there is no room."""
    try:
        if path.exists() and path.stat().st_size >= RESERVE_BYTES:
            return
        with open(path, "wb") as handle:
            os.posix_fallocate(handle.fileno(), 0, RESERVE_BYTES)
    except OSError:
        with contextlib.suppress(OSError):
            path.unlink()


def _give_up_reserve(path: Path) -> bool:
    try:
        path.unlink()
    except OSError:
        return False
    return True


def _now() -> str:
    return clock.now().isoformat(timespec="seconds")


def _explain(error: sqlite3.Error, path: Path) -> OutboxError:
    text = str(error)
    if "full" in text.lower():
        return OutboxError(
            f"the outbox {path} cannot be written: the disk is full. Free some space and run "
            "the same command again: every message is recorded, none will be sent twice")
    return OutboxError(f"the outbox {path} cannot be used: {text}. Check the path "
                       "(notify.outbox in mkdocs.yml) and that this user may write there")


class Outbox:
    """One connection to the outbox file; use one per thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            ignore = path.parent / ".gitignore"
            if not ignore.exists():
                with contextlib.suppress(OSError):
                    ignore.write_text("# darksite's outbox holds addresses: never commit it\n*\n",
                                      encoding="utf-8")
            self.db = sqlite3.connect(str(path), timeout=30.0, isolation_level=None,
                                      check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA busy_timeout=30000")
            self.db.executescript(SCHEMA)
        except sqlite3.Error as error:
            raise _explain(error, path) from None
        except OSError as error:
            raise OutboxError(f"the outbox {path} cannot be created: {error.strerror}") from None
        # One reserve per connection: the send loop's connections (one per thread) may
        # each need to record a result on the same full disk.
        self.reserve = path.with_name(f"{path.name}{RESERVE_SUFFIX}-{next(_SLOTS) % 16}")
        _make_reserve(self.reserve)
        self.reserve_spent = False
        """This connection gave its reserve up to record a result: see :meth:`claim`."""

    def close(self) -> None:
        self.db.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
        except sqlite3.Error as error:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")
            raise _explain(error, self.path) from None

    # Queueing ------------------------------------------------------------------------

    def enqueue(self, notice: Notice, public_at: str, targets: Iterable[Target]) -> tuple[int, int]:
        """Record ``notice`` for every target, superseding unsent older revisions.

        Returns (revision id, messages added); running it again with the same
        notice adds only targets that are new (a recipient added to the CSV).
        """
        now = _now()
        with self.transaction() as db:
            found = db.execute(
                "SELECT id FROM revisions WHERE incident=? AND revision=? AND rehearsal=?",
                (notice.incident_id, notice.revision, int(notice.rehearsal))).fetchone()
            if found:
                revision_id = found[0]
            else:
                revision_id = db.execute(
                    "INSERT INTO revisions (incident, revision, rehearsal, notice, created_at, "
                    "public_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (notice.incident_id, notice.revision, int(notice.rehearsal),
                     notice.to_json(), now, public_at)).lastrowid
                db.execute(
                    "UPDATE messages SET state='superseded', updated_at=? WHERE incident=? AND "
                    "(state='pending' OR (state='failed' AND permanent=0)) AND revision_id IN "
                    "(SELECT id FROM revisions WHERE incident=? AND rehearsal=? AND id<?)",
                    (now, notice.incident_id, notice.incident_id, int(notice.rehearsal),
                     revision_id))
            before = db.total_changes
            db.executemany(
                "INSERT OR IGNORE INTO messages (revision_id, incident, audience, internal, "
                "recipient, address, name, unsubscribe, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
                ((revision_id, notice.incident_id, t.audience, int(t.internal), t.recipient,
                  t.address, t.name, t.unsubscribe, now) for t in targets))
            added = db.total_changes - before
        return revision_id, added

    def release_public(self, incident: str) -> None:
        """``--public``: public audiences of ``incident`` may be sent to now."""
        with self.transaction() as db:
            db.execute("UPDATE revisions SET public_at=? WHERE incident=?", (_now(), incident))

    def notice(self, revision_id: int) -> tuple[Notice, str]:
        row = self.db.execute("SELECT notice, public_at FROM revisions WHERE id=?",
                              (revision_id,)).fetchone()
        return Notice.from_json(row[0]), row[1]

    # Recovery --------------------------------------------------------------------------

    def recover(self, idempotent_audiences: set[str]) -> int:
        """Rows a dead run left ``sending``; call only while holding the send lock."""
        now = _now()
        with self.transaction() as db:
            rows = db.execute("SELECT id, audience FROM messages WHERE state='sending'").fetchall()
            for row_id, audience in rows:
                if audience in idempotent_audiences:
                    db.execute("UPDATE messages SET state='pending', updated_at=? WHERE id=?",
                               (now, row_id))
                else:
                    db.execute(
                        "UPDATE messages SET state='uncertain', updated_at=?, detail=? WHERE id=?",
                        (now, "an earlier run stopped after handing this message over and "
                              "before the server's answer: the server very likely has it, so it "
                              "is not sent again (--resend-uncertain sends it anyway)", row_id))
        return len(rows)

    def retry_failed(self, incident: str) -> None:
        """Transient failures of an earlier run get a fresh set of attempts."""
        with self.transaction() as db:
            db.execute("UPDATE messages SET state='pending', attempts=0, updated_at=? WHERE "
                       "incident=? AND state='failed' AND permanent=0", (_now(), incident))

    def resend_uncertain(self, incident: str, addresses: Iterable[str] | None = None) -> set[str]:
        """The operator's word: ``uncertain`` messages (all, or those to ``addresses``) go again.

        Returns the addresses made ``pending``; an address given that has no
        uncertain message is simply not among them.
        """
        chosen = None if addresses is None else {a.strip().lower() for a in addresses}
        now = _now()
        with self.transaction() as db:
            rows = db.execute("SELECT id, address FROM messages WHERE incident=? AND "
                              "state='uncertain'", (incident,)).fetchall()
            picked = [(row_id, address) for row_id, address in rows
                      if chosen is None or address.lower() in chosen]
            db.executemany("UPDATE messages SET state='pending', updated_at=? WHERE id=?",
                           ((now, row_id) for row_id, _ in picked))
        return {address for _, address in picked}

    # Sending ---------------------------------------------------------------------------

    def pending(self, incident: str, audience: str, rehearsal: bool) -> list[Row]:
        rows = self.db.execute(
            "SELECT m.id, m.revision_id, m.audience, m.recipient, m.address, m.name, "
            "m.unsubscribe, m.attempts FROM messages m JOIN revisions r ON r.id=m.revision_id "
            "WHERE m.incident=? AND m.audience=? AND m.state='pending' AND r.rehearsal=? "
            "ORDER BY m.id", (incident, audience, int(rehearsal))).fetchall()
        return [Row(*row) for row in rows]

    def claim(self, row_id: int) -> bool:
        """The point of no return: ``pending`` -> ``sending``, or False if it must not go.

        Nothing is sent while this connection's reserve is spent and cannot be
        made again: on a nearly full disk this claim might still fit in the
        database's free pages, but the result after the send might not, and
        the message would be left ``uncertain``. Then the disk is full.
        """
        if self.reserve_spent:
            _make_reserve(self.reserve)
            if not self.reserve.exists():
                raise _explain(sqlite3.OperationalError("database or disk is full"),
                               self.path)
            self.reserve_spent = False
        try:
            cursor = self.db.execute(
                "UPDATE messages SET state='sending', attempts=attempts+1, updated_at=? "
                "WHERE id=? AND state='pending'", (_now(), row_id))
        except sqlite3.Error as error:
            raise _explain(error, self.path) from None
        return cursor.rowcount == 1

    def settle(self, row_id: int, state: str, detail: str = "", *, permanent: bool = False,
               attempts: int | None = None) -> None:
        """Record what became of a message (``sent``, ``pending`` again, ``failed``...).

        The one write that must not fail for want of space: the message has
        already gone, and a result that cannot be recorded leaves it
        ``uncertain``. So on a full disk the reserve file is given up and the
        write tried once more; the next :meth:`claim` of this connection then
        fails unless the reserve can be made again, before anything else is
        sent, and the command stops with "the disk is full".
        """
        assert state in STATES
        update = ("UPDATE messages SET state=?, detail=?, permanent=?, updated_at=?, "
                  "attempts=COALESCE(?, attempts) WHERE id=? AND state IN ('pending','sending')")
        values = (state, detail[:500], int(permanent), _now(), attempts, row_id)
        try:
            self.db.execute(update, values)
        except sqlite3.Error as error:
            if "full" not in str(error).lower() or not _give_up_reserve(self.reserve):
                raise _explain(error, self.path) from None
            self.reserve_spent = True
            try:
                self.db.execute(update, values)
            except sqlite3.Error as again:
                raise _explain(again, self.path) from None

    # Reporting -------------------------------------------------------------------------

    def counts(self, incident: str | None = None) -> list[tuple[str, str, int, str, int]]:
        """(incident, audience, internal, state, count), ordered for ``--status``."""
        where, args = ("WHERE incident=?", (incident,)) if incident else ("", ())
        return self.db.execute(
            f"SELECT incident, audience, internal, state, COUNT(*) FROM messages {where} "
            "GROUP BY incident, audience, internal, state ORDER BY incident, internal DESC, "
            "audience, state", args).fetchall()

    def problems(self, incident: str | None = None, limit: int = 20) -> list[tuple]:
        where, args = ("AND incident=?", (incident,)) if incident else ("", ())
        return self.db.execute(
            "SELECT incident, audience, address, state, detail FROM messages WHERE state IN "
            f"('failed','uncertain') {where} ORDER BY id LIMIT ?", (*args, limit)).fetchall()

    def settled_problems(self, incident: str) -> dict[str, int]:
        """Messages of ``incident``'s newest revision that failed for good or are uncertain."""
        rows = self.db.execute(
            "SELECT state, COUNT(*) FROM messages WHERE incident=? AND state IN ('failed', "
            "'uncertain') AND revision_id=(SELECT MAX(id) FROM revisions WHERE incident=?) "
            "GROUP BY state", (incident, incident)).fetchall()
        return dict(rows)

    def public_at(self, incident: str) -> str | None:
        row = self.db.execute("SELECT public_at FROM revisions WHERE incident=? ORDER BY id DESC "
                              "LIMIT 1", (incident,)).fetchone()
        return row[0] if row else None
