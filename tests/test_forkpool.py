"""graph/forkpool.py: the parallel loader's map gives the sequential answer, its first error, and leaves no process."""

from __future__ import annotations

import os

import pytest
from cthr.graph.forkpool import fork_map


def _digest(n: int) -> tuple[int, int]:
    return n, sum(i * i for i in range(n))


def _fails_on_odd_multiples_of_seven(n: int) -> int:
    if n % 7 == 0 and n % 2:
        raise ValueError(f"item {n} refused")
    return n


def _exits_on_five(n: int) -> int:
    if n == 5:
        os._exit(3)
    return n


def _children() -> set[str]:
    """This process's children, running or unreaped (Linux /proc), of every thread."""
    found: set[str] = set()
    for tid in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{tid}/children") as fh:
                found.update(fh.read().split())
        except OSError:
            pass
    return found


@pytest.mark.parametrize("workers", [1, 2, 3, 200])
def test_results_in_item_order_and_one_tick_each(workers):
    items = list(range(50, 0, -1))
    ticks = []
    before = _children()                    # a session's servers may be children of this process too
    assert fork_map(_digest, items, workers, lambda: ticks.append(1)) == [_digest(n) for n in items]
    assert len(ticks) == len(items)
    assert _children() <= before, "a worker was left running or unreaped"


def test_the_first_error_in_item_order_is_raised():
    before = _children()
    with pytest.raises(ValueError, match="item 7 refused"):       # 21 and 35 fail too, later in the list
        fork_map(_fails_on_odd_multiples_of_seven, list(range(1, 40)), 3)
    assert _children() <= before, "a worker was left running or unreaped"


def test_a_worker_that_dies_is_reported_not_waited_for():
    before = _children()
    with pytest.raises(RuntimeError, match="exit status 3"):
        fork_map(_exits_on_five, list(range(20)), 2)
    assert _children() <= before, "a worker was left running or unreaped"
