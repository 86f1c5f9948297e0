"""Stopping long-running commands (``rehearse``, ``watch``) cleanly on ``kill PID`` or Ctrl+C."""

from __future__ import annotations

import contextlib
import signal


def stop_on_sigterm() -> None:
    """Make SIGTERM behave as Ctrl+C, so that servers shut down and temp folders are removed;
    and make Ctrl+C (SIGINT) work even when this process was started with it ignored.

    Why the second: a command started in the background by a non-interactive
    shell (``darksite rehearse &`` in a script, a CI job's ``sh -c '... &'``)
    inherits SIGINT ignored, and Python then installs no KeyboardInterrupt
    handler: ``kill -INT`` did nothing, and the server had to be killed
    (found when the rehearse tests ran in such a shell: both servers ignored
    SIGINT for 30 s, their stacks idle in MkDocs' build loop).

    Only from the main thread (where Python delivers signals); a no-op elsewhere.
    """

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    with contextlib.suppress(ValueError):  # not the main thread
        signal.signal(signal.SIGTERM, interrupt)
        if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
            signal.signal(signal.SIGINT, signal.default_int_handler)
