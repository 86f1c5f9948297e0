"""Work in two halves (darksite.halves): the same answer as one process, whatever the child does.

Real forks, real processes: the child's half is computed in another
process (its pid says so), a child that fails leaves its half to the
parent, and an error in the work is raised as a serial run raises it.
"""

from __future__ import annotations

import os

import pytest

from darksite import halves

PARENT = os.getpid()


def _pids(items):
    return [(item * 2, os.getpid()) for item in items]


def _dies_in_child(items):
    if os.getpid() != PARENT:
        os._exit(3)  # the helper process dies without a word
    return [item * 2 for item in items]


def _raises_in_child(items):
    if os.getpid() != PARENT:
        raise RuntimeError("only in the child")
    return [item * 2 for item in items]


def _fails(items):
    if 7 in items:
        raise ValueError("item 7 is bad")
    return list(items)


needs_fork = pytest.mark.skipif(not halves.two_cpus_and_can_fork(),
                                reason="one CPU, or threads in this process: no fork here")


@needs_fork
def test_the_second_half_is_done_by_another_process_in_order():
    result = halves.in_two_halves(_pids, list(range(10)), min_items=4)
    assert [value for value, _ in result] == [item * 2 for item in range(10)]
    assert {pid for _, pid in result[:5]} == {os.getpid()}
    assert {pid for _, pid in result[5:]} != {os.getpid()}


def test_below_the_threshold_everything_runs_here():
    result = halves.in_two_halves(_pids, list(range(10)), min_items=11)
    assert {pid for _, pid in result} == {os.getpid()}


@needs_fork
@pytest.mark.parametrize("work", [_dies_in_child, _raises_in_child])
def test_a_failed_helper_leaves_its_half_to_the_parent(work):
    assert halves.in_two_halves(work, list(range(10)), min_items=4) == [
        item * 2 for item in range(10)]


@needs_fork
@pytest.mark.parametrize("items", [list(range(10)), list(range(5, 15))])
def test_an_error_in_the_work_is_raised_as_a_serial_run_raises_it(items):
    """Item 7 in the first half fails in the parent; in the second, in the child and then
    again in the parent, which redoes that half."""
    with pytest.raises(ValueError, match="item 7 is bad"):
        halves.in_two_halves(_fails, items, min_items=4)
