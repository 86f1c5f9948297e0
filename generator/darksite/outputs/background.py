"""Writing the outputs in a forked child while MkDocs renders the pages.

The feeds, ``status.json`` and the lite pages need the same Markdown as the
pages but nothing MkDocs makes, and a build uses one core: on a machine with
two, writing them in a child process while the parent renders the pages
takes them off the build's critical path (about a sixth of a 1,000-incident
build). The child gets everything by ``fork`` (the incidents, the settings,
the renderer), writes its files and exits; the parent waits for it at the
end of the build and fails the build with the child's message if it
failed, so an error still stops the build, located, as before.

Only where it is safe: ``os.fork`` must exist, there must be no other
thread in the process (a thread holding a lock at the moment of the fork
would leave the child stuck; ``mkdocs serve`` and ``watch`` run threads,
so they write the outputs in-process, as before), and the parent must not
be on a single CPU. The child never returns into MkDocs: it leaves with
``os._exit``, and the parent always reaps it (no zombie), also when the
build fails before the end (:meth:`OutputsChild.abandon`).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass

MESSAGE_LIMIT = 64 * 1024
OS_ERROR_PREFIX = "darksite-os-error:"
"""Starts the child's report of an OSError, which :meth:`OutputsChild.join` raises again in
the parent, so that a full disk in the child is told like one in the parent."""
PR_SET_PDEATHSIG = 1

try:  # imported here, not in the child (no import after a fork)
    import ctypes

    _LIBC: ctypes.CDLL | None = ctypes.CDLL(None, use_errno=True)
except (ImportError, OSError):  # pragma: no cover - not Linux
    _LIBC = None


def _die_with(parent: int) -> None:
    """Ask Linux to kill this child when its parent dies (a SIGKILLed publish must not
    leave a process writing into a release that is being deleted)."""
    if _LIBC is not None:
        with contextlib.suppress(AttributeError, OSError):
            _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


FORK_SWITCH = "DARKSITE_OUTPUTS_FORK"
"""Set to ``1`` to write the outputs in a forked child again (off by default, below)."""


def can_fork() -> bool:
    """Whether a child should write the outputs: asked for, fork exists, one thread, two CPUs.

    Off unless ``DARKSITE_OUTPUTS_FORK=1``: measured on realistic incidents
    (every field unique, issue 18), the child renders every Markdown field a
    second time (its memo is not the parent's), so it saved almost no wall time
    for about 40% more CPU, and on a machine shared by several builds the CPU
    is the wall time. In one process the outputs reuse the fields the pages
    rendered.
    """
    return (os.environ.get(FORK_SWITCH) == "1" and hasattr(os, "fork")
            and threading.active_count() == 1 and (os.cpu_count() or 1) > 1)


@dataclass
class OutputsChild:
    """A forked child running one function; :meth:`join` gives its outcome."""

    pid: int
    errors: int
    """Read end of the pipe the child writes its error message into."""

    @classmethod
    def start(cls, work: Callable[[], None]) -> OutputsChild:
        read, write = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child: run, report, leave without running any parent code
            os.close(read)
            code = 0
            try:
                _die_with(parent)
                work()
            except BaseException as error:  # reported to the parent, which fails the build
                code = 1
                message = f"{type(error).__name__}: {error}"
                if isinstance(error, OSError):  # a full disk, say: the parent raises it again
                    message = OS_ERROR_PREFIX + json.dumps(
                        [error.errno, error.strerror, error.filename, error.filename2])
                if not str(error):
                    message += "\n" + traceback.format_exc()
                os.write(write, message.encode("utf-8", "replace")[:MESSAGE_LIMIT])
            finally:
                os._exit(code)
        os.close(write)
        return cls(pid=pid, errors=read)

    def join(self) -> str | None:
        """Wait for the child; its error message, or None if it succeeded.

        An OSError in the child (a full disk) is raised again here, as it was.
        """
        chunks = []
        while chunk := os.read(self.errors, 4096):
            chunks.append(chunk)
        os.close(self.errors)
        _, status = os.waitpid(self.pid, 0)
        message = b"".join(chunks).decode("utf-8", "replace")
        if os.waitstatus_to_exitcode(status) == 0 and not message:
            return None
        if message.startswith(OS_ERROR_PREFIX):
            code, reason, filename, other = json.loads(message[len(OS_ERROR_PREFIX):])
            raise OSError(code, reason, filename, None, other)
        return message or f"the outputs process ended with status {status}"

    def abandon(self) -> None:
        """The build failed: stop the child and reap it."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        with contextlib.suppress(OSError):
            os.close(self.errors)
