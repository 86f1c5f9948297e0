"""Rate limiting per audience and back-off between attempts.

A token bucket per audience keeps darksite within what its servers accept
(an SMTP relay's messages per second, Slack's one message a second per
incoming webhook), shared by the audience's parallel connections. Back-off
doubles from ``backoff_seconds`` up to ``max_backoff_seconds``, with jitter
so that many failed messages do not all come back at the same instant.
"""

from __future__ import annotations

import random
import threading
import time


class RateLimiter:
    """At most ``rate`` acquisitions a second (a burst of up to one second's worth)."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate
        self.burst = max(1.0, rate)
        self.tokens = 1.0
        self.stamp = time.monotonic()
        self.lock = threading.Lock()

    def acquire(self) -> None:
        while True:
            with self.lock:
                now = time.monotonic()
                self.tokens = min(self.burst, self.tokens + (now - self.stamp) / self.interval)
                self.stamp = now
                if self.tokens >= 1.0:
                    self.tokens -= 1.0
                    return
                wait = (1.0 - self.tokens) * self.interval
            time.sleep(wait)


def backoff(attempt: int, base: float, ceiling: float, rng: random.Random | None = None) -> float:
    """Seconds to wait before attempt ``attempt + 1`` (``attempt`` >= 1), with jitter."""
    delay = min(ceiling, base * (2 ** max(0, attempt - 1)))
    return delay * (0.5 + (rng or random).random() / 2)
