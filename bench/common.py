"""Helpers for the benchmarks: timing (best of several runs) and the printed table."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The fastest of ``runs`` runs of ``work``, in seconds (the least disturbed by the machine)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def report(rows: list[tuple[str, float, float, str]]) -> None:
    """Print ``(what, seconds, baseline seconds, target)`` rows with their ratios."""
    print(f"{'what':<44} {'seconds':>9} {'baseline':>9} {'ratio':>7}  target")
    for what, seconds, baseline, target in rows:
        ratio = seconds / baseline if baseline else float("nan")
        print(f"{what:<44} {seconds:9.3f} {baseline:9.3f} {ratio:7.2f}  {target}")
