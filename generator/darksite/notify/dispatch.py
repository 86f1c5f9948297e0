"""The send loop: each audience's pending messages, through its sender, paced and retried.

Audiences are sent in tiers: every internal audience first (in parallel,
each at its own rate), and only when they are done the public ones, so
staff always hear before the public. Within an audience, ``connections``
worker threads share one queue and one rate limiter; each worker has its
own sender (one SMTP connection) and its own outbox connection.

A message that failed for now comes back after a back-off, up to
``retry.attempts`` tries; a server that cannot be reached at all stops the
audience after as many tries, leaving its messages ``pending`` for the
next run (nothing is charged to a message the server never saw).
"""

from __future__ import annotations

import heapq
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from darksite.notify.config import Audience, Retry
from darksite.notify.errors import OutboxError
from darksite.notify.outbox import Outbox, Row
from darksite.notify.pacing import RateLimiter, backoff
from darksite.notify.port import Delivery, EndpointDown, Outcome, Sender

_COUNT_LOCK = threading.Lock()


@dataclass
class AudienceRun:
    """One audience's work: its rows, how to build and send each, and what happened."""

    audience: Audience
    rows: list[Row]
    build: Callable[[Row], Delivery]
    make_sender: Callable[[], Sender]
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[tuple[str, str, str]] = field(default_factory=list)
    stopped: str | None = None
    seconds: float = 0.0
    first_sent: float | None = None

    def count(self, what: str, problem: tuple[str, str, str] | None = None) -> None:
        with _COUNT_LOCK:
            self.counts[what] = self.counts.get(what, 0) + 1
            if problem is not None:
                self.problems.append(problem)


class _Queue:
    """Rows due now or later (a heap by due time), and how many are being worked on."""

    def __init__(self, rows: list[Row]) -> None:
        self.heap: list[tuple[float, int, Row]] = [(0.0, n, row) for n, row in enumerate(rows)]
        heapq.heapify(self.heap)
        self.busy = 0
        self.serial = len(rows)
        self.cond = threading.Condition()
        self.closed = False

    def take(self) -> Row | None:
        with self.cond:
            while True:
                if self.closed or (not self.heap and self.busy == 0):
                    self.cond.notify_all()
                    return None
                if self.heap:
                    due = self.heap[0][0]
                    wait = due - time.monotonic()
                    if wait <= 0:
                        self.busy += 1
                        return heapq.heappop(self.heap)[2]
                    self.cond.wait(min(wait, 0.5))
                else:
                    self.cond.wait(0.5)

    def put_back(self, row: Row, delay: float) -> None:
        with self.cond:
            self.serial += 1
            heapq.heappush(self.heap, (time.monotonic() + delay, self.serial, row))
            self.cond.notify_all()

    def done(self) -> None:
        with self.cond:
            self.busy -= 1
            self.cond.notify_all()

    def close(self) -> None:
        with self.cond:
            self.closed = True
            self.cond.notify_all()


class _AudienceLoop:
    def __init__(self, run: AudienceRun, outbox_path: Path, retry: Retry,
                 fatal: list[BaseException], started: float) -> None:
        self.run = run
        self.outbox_path = outbox_path
        self.retry = retry
        self.queue = _Queue(run.rows)
        self.limiter = RateLimiter(run.audience.rate)
        self.fatal = fatal
        self.down = 0
        self.lock = threading.Lock()
        self.attempts: dict[int, int] = {row.id: row.attempts for row in run.rows}
        self.started = started

    def _record(self, outbox: Outbox, row: Row, outcome: Outcome, detail: str,
                sender: Sender) -> None:
        run = self.run
        attempts = self.attempts[row.id] = self.attempts[row.id] + 1
        if outcome is Outcome.SENT:
            outbox.settle(row.id, "sent", detail, attempts=attempts)
            run.count("sent")
            if run.first_sent is None:
                run.first_sent = time.monotonic() - self.started
            with self.lock:
                self.down = 0
        elif outcome is Outcome.FAILED:
            outbox.settle(row.id, "failed", detail, permanent=True, attempts=attempts)
            run.count("failed", (row.address, "failed", detail))
        elif outcome is Outcome.UNCERTAIN and not sender.idempotent:
            outbox.settle(row.id, "uncertain", detail, attempts=attempts)
            run.count("uncertain", (row.address, "uncertain", detail))
        elif outcome is Outcome.SKIPPED:
            run.count("superseded")
        else:  # RETRY, or UNCERTAIN with an idempotent receiver
            if attempts >= self.retry.attempts:
                outbox.settle(row.id, "failed", f"gave up after {attempts} attempts: {detail}",
                              attempts=attempts)
                run.count("failed", (row.address, "failed",
                                     f"gave up after {attempts} attempts: {detail}"))
            else:
                outbox.settle(row.id, "pending", detail, attempts=attempts)
                self.queue.put_back(row, backoff(attempts, self.retry.backoff_seconds,
                                                 self.retry.max_backoff_seconds))

    def worker(self) -> None:
        outbox: Outbox | None = None
        sender: Sender | None = None
        try:
            outbox = Outbox(self.outbox_path)
            sender = self.run.make_sender()
            while True:
                row = self.queue.take()
                if row is None:
                    return
                try:
                    self._one(outbox, sender, row)
                finally:
                    self.queue.done()
        except OutboxError as error:
            self.fatal.append(error)
            self.queue.close()
        except BaseException as error:  # a bug: stop the loop, report it, lose nothing
            self.fatal.append(error)
            self.queue.close()
        finally:
            if sender is not None:
                sender.close()
            if outbox is not None:
                outbox.close()

    def _one(self, outbox: Outbox, sender: Sender, row: Row) -> None:
        delivery = self.run.build(row)
        self.limiter.acquire()
        try:
            result = sender.send(delivery, lambda: outbox.claim(row.id))
        except EndpointDown as error:
            with self.lock:
                self.down += 1
                down = self.down
            if down >= self.retry.attempts:
                self.run.stopped = str(error)
                self.queue.close()
                return
            self.queue.put_back(row, backoff(down, self.retry.backoff_seconds,
                                             self.retry.max_backoff_seconds))
            return
        self._record(outbox, row, result.outcome, result.detail, sender)


def dispatch(runs: list[AudienceRun], outbox_path: Path, retry: Retry,
             started: float | None = None) -> list[BaseException]:
    """Send every run's rows, internal audiences first; returns fatal errors (none: all ran)."""
    fatal: list[BaseException] = []
    begin = started if started is not None else time.monotonic()
    for tier in (True, False):
        loops = [_AudienceLoop(run, outbox_path, retry, fatal, begin) for run in runs
                 if run.audience.internal is tier and run.rows]
        threads = []
        for loop in loops:
            clock_start = time.monotonic()
            for _ in range(max(1, min(loop.run.audience.connections, len(loop.run.rows)))):
                thread = threading.Thread(target=loop.worker, daemon=True)
                thread.start()
                threads.append((loop, thread, clock_start))
        for loop, thread, clock_start in threads:
            thread.join()
            loop.run.seconds = time.monotonic() - clock_start
        if fatal:
            break
    return fatal
