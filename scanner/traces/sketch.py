"""A latency sketch: percentiles within 1% from a fixed, bounded set of log-scale buckets.

Bucket ``i`` holds values in ``(gamma^(i-1), gamma^i]`` and reports ``2·gamma^i/(gamma+1)``,
so any reported percentile is within ``(gamma-1)/(gamma+1)`` ≈ 1% of a real sample (the
DDSketch construction). With gamma 1.02, 1 µs to 1 day needs about 1,600 buckets at most,
whatever the number of samples: memory stays flat as spans grow.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from itertools import repeat
from operator import truediv

GAMMA = 1.02
_LOG_GAMMA = math.log(GAMMA)
_MIN_MS = 0.001  # 1 µs; anything faster is counted as zero
_ceil = math.ceil
_log = math.log


class LatencySketch:
    """Counts of latencies (milliseconds) per log-scale bucket."""

    __slots__ = ("_buckets", "_count", "_zeros")

    def __init__(self) -> None:
        self._buckets: Counter[int] = Counter()
        self._zeros = 0
        self._count = 0

    def add(self, ms: float) -> None:
        self._count += 1
        if ms < _MIN_MS:
            self._zeros += 1
            return
        self._buckets[_ceil(_log(ms) / _LOG_GAMMA)] += 1

    def add_many(self, values: Sequence[float]) -> None:
        """Many values at once: the same buckets as :meth:`add` one at a time, with the
        arithmetic mapped and the counting done in C (``Counter.update``)."""
        timed = (
            values if not values or min(values) >= _MIN_MS else [v for v in values if v >= _MIN_MS]
        )
        self._count += len(values)
        self._zeros += len(values) - len(timed)
        self._buckets.update(map(_ceil, map(truediv, map(_log, timed), repeat(_LOG_GAMMA))))

    def merge(self, other: LatencySketch) -> None:
        self._count += other._count
        self._zeros += other._zeros
        for index, n in other._buckets.items():
            self._buckets[index] = self._buckets.get(index, 0) + n

    def copy(self) -> LatencySketch:
        twin = LatencySketch()
        twin.merge(self)
        return twin

    def __len__(self) -> int:
        return self._count

    @property
    def buckets(self) -> int:
        """How many buckets are in use: bounded by the value range, not the sample count."""
        return len(self._buckets)

    def quantile(self, q: float) -> float | None:
        """The nearest-rank ``q`` quantile (0 < q ≤ 1), rounded to 0.001 ms; None if empty."""
        if self._count == 0:
            return None
        rank = max(math.ceil(q * self._count), 1)
        seen = self._zeros
        if seen >= rank:
            return 0.0
        for index in sorted(self._buckets):
            seen += self._buckets[index]
            if seen >= rank:
                return round(2 * GAMMA**index / (GAMMA + 1), 3)
        raise AssertionError("unreachable: bucket counts sum to the total")
