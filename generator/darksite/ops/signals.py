"""Stopping long-running commands (``rehearse``, ``watch``) cleanly on ``kill PID``."""

from __future__ import annotations

import contextlib
import signal


def stop_on_sigterm() -> None:
    """Make SIGTERM behave as Ctrl+C, so that servers shut down and temp folders are removed.

    Only from the main thread (where Python delivers signals); a no-op elsewhere.
    """

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    with contextlib.suppress(ValueError):  # not the main thread
        signal.signal(signal.SIGTERM, interrupt)
