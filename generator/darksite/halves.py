"""A long list of pure-Python work in two halves: the second in a forked process.

Why: parsing and checking 1,000 incidents from cold are each seconds of
pure Python, which one process runs on one core, and ``darksite check``
must answer in about 2 s. Two uses share this (:mod:`darksite.loader`,
:mod:`darksite.checks.runner`), so that the safety rules are written once:

- only where forking is safe: a POSIX ``fork``, a single-threaded process
  (no lock can be held by a thread that does not exist in the child), and
  at least two CPUs;
- the child reads its half from memory it shares with the parent at the
  fork (nothing is pickled on the way in: an incident is a large object),
  and only its results come back, pickled;
- any failure of the child (it cannot start, it dies, its result cannot be
  pickled) means the parent does that half itself: a broken helper is only
  a slower run, never a different answer;
- an exception in the work itself is raised as a serial run would raise it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from darksite.incident_cache import can_fork

T = TypeVar("T")
R = TypeVar("R")

_SECOND_HALF: tuple[Callable[[Sequence[Any]], list[Any]], Sequence[Any]] | None = None
"""Set in the parent just before the fork; the child reads it from its copy of memory."""


def two_cpus_and_can_fork() -> bool:
    """Whether a second process can run here, safely, on a core of its own."""
    import multiprocessing

    return ((os.cpu_count() or 1) >= 2 and can_fork()
            and "fork" in multiprocessing.get_all_start_methods())


def in_two_halves(work: Callable[[Sequence[T]], list[R]], items: Sequence[T], *,
                  min_items: int) -> list[R]:
    """``work(items)``, with the second half of ``items`` done by a forked process.

    ``work`` must be a pure function of its items (its results depend on
    nothing it changes in this process) returning one result per item, in
    order. Below ``min_items``, or where a fork is not safe, runs here.
    """
    if len(items) < min_items or not two_cpus_and_can_fork():
        return work(items)
    import concurrent.futures
    import multiprocessing

    global _SECOND_HALF
    half = len(items) // 2
    _SECOND_HALF = (work, items[half:])
    try:
        try:
            pool = concurrent.futures.ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("fork"))
            second = pool.submit(_run_second_half)
        except (OSError, RuntimeError):  # no process to be had: do it all here
            return work(items)
        with pool:
            first = work(items[:half])
            try:
                rest = second.result()
            except Exception:  # the helper failed: its half is done here
                rest = None
        return first + (rest if rest is not None else work(items[half:]))
    finally:
        _SECOND_HALF = None


def _run_second_half() -> list[Any]:
    """In the child: the half the parent set aside before the fork."""
    if _SECOND_HALF is None:  # pragma: no cover - only if the pool was not forked
        raise RuntimeError("no work was set aside before the fork")
    work, items = _SECOND_HALF
    return work(items)
