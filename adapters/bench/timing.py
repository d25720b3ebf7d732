"""Small helpers for turning timings into figures."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence


def rate(count: int, seconds: float) -> float:
    """Events per second (a zero duration counts as one nanosecond, never divides by zero)."""
    return count / max(seconds, 1e-9)


def percentile(samples: Sequence[float], percent: float) -> float:
    """The nearest-rank percentile: the smallest sample at or above ``percent`` of them."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


def repeat_rate(action: Callable[[int], object], count: int) -> float:
    """Calls per second of ``action(i)`` for i in 0..count-1, run one after another."""
    start = time.perf_counter()
    for i in range(count):
        action(i)
    return rate(count, time.perf_counter() - start)


def p50_p95(milliseconds: Sequence[float]) -> tuple[float, float]:
    """The median and the 95th percentile."""
    return percentile(milliseconds, 50), percentile(milliseconds, 95)
