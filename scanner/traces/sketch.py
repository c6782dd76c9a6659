"""A latency sketch: percentiles within 1% from a fixed, bounded set of log-scale buckets.

Bucket ``i`` holds values in ``(gamma^(i-1), gamma^i]`` and reports ``2·gamma^i/(gamma+1)``,
so any reported percentile is within ``(gamma-1)/(gamma+1)`` ≈ 1% of a real sample (the
DDSketch construction). With gamma 1.02, 1 µs to 1 day needs about 1,600 buckets at most,
whatever the number of samples: memory stays flat as spans grow.
"""

from __future__ import annotations

import math
from collections import Counter

GAMMA = 1.02
LOG_GAMMA = math.log(GAMMA)
MIN_MS = 0.001  # 1 µs; anything faster is counted as zero


class LatencySketch:
    """Counts of latencies (milliseconds) per log-scale bucket."""

    __slots__ = ("_buckets", "_count", "_zeros")

    def __init__(self) -> None:
        self._buckets: Counter[int] = Counter()
        self._zeros = 0
        self._count = 0

    def add(self, ms: float) -> None:
        self._count += 1
        if ms < MIN_MS:
            self._zeros += 1
            return
        self._buckets[bucket(ms)] += 1

    def add_counts(self, index: int | None, n: int) -> None:
        """``n`` values of bucket ``index`` (None: under the resolution), as :func:`bucket`
        gives it: for callers that bucket values in bulk (:mod:`scanner.traces.call_window`)."""
        self._count += n
        if index is None:
            self._zeros += n
        else:
            self._buckets[index] += n

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


def bucket(ms: float) -> int:
    """The bucket of a latency of at least :data:`MIN_MS`."""
    return math.ceil(math.log(ms) / LOG_GAMMA)
