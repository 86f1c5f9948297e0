"""The checks' memos, and when they let go: texts after each incident, words after a run.

The rules memoise what they compute from a sentence (its tokens, its grade,
the model's score, the apology analysis) because several rules read the
same sentence of one incident; and what they compute from a word or a
feature name (its syllables, its hash bucket), which recurs in every
incident. Held for a whole run, the sentence memos filled up to their
bounds: 36 MB traced at 1,000 realistic incidents, most of a build's peak
above its goal (issue 18), for hits that nearly all fall within one
incident. So :func:`text_memo` memos are emptied by
:func:`forget_text_memos` after each incident
(:func:`darksite.checks.runner.run_checks` calls it), and :func:`word_memo`
memos, small and reused across incidents, by :func:`forget_word_memos` at
the end of the run. The findings cache (:mod:`darksite.checks.cache`)
already spares the next run the work for every unchanged incident. What
is loaded once per process (the shipped weights, the code digest) is cached
with plain ``functools.lru_cache`` and kept.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar, cast

F = TypeVar("F", bound=Callable[..., Any])

_TEXT_CLEARERS: list[Callable[[], None]] = []
_WORD_CLEARERS: list[Callable[[], None]] = []


def _memo(maxsize: int, clearers: list[Callable[[], None]]) -> Callable[[F], F]:
    def wrap(function: F) -> F:
        cached = lru_cache(maxsize=maxsize)(function)
        clearers.append(cached.cache_clear)
        return cast(F, cached)
    return wrap


def text_memo(maxsize: int) -> Callable[[F], F]:
    """``functools.lru_cache(maxsize)`` for a function of a sentence or a field, emptied by
    :func:`forget_text_memos`."""
    return _memo(maxsize, _TEXT_CLEARERS)


def word_memo(maxsize: int) -> Callable[[F], F]:
    """``functools.lru_cache(maxsize)`` for a function of a word or a feature name, emptied
    by :func:`forget_word_memos`."""
    return _memo(maxsize, _WORD_CLEARERS)


def forget_with_word_memos(clear: Callable[[], None]) -> None:
    """Have :func:`forget_word_memos` call ``clear`` too: for a memo kept as a plain dict,
    where a dictionary look-up is cheaper than a memoised call."""
    _WORD_CLEARERS.append(clear)


def forget_text_memos() -> None:
    """Empty every :func:`text_memo` memo (the next call computes afresh)."""
    for clear in _TEXT_CLEARERS:
        clear()


def forget_word_memos() -> None:
    """Empty every :func:`word_memo` memo."""
    for clear in _WORD_CLEARERS:
        clear()
