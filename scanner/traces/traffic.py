"""Per-edge aggregates: what servicemap keeps of the spans behind an edge.

Counts, a bounded latency sketch, first and last time seen, a few example trace ids and the
detail values; never the spans themselves, so memory grows with the number of edges and not
with the number of spans.
"""

from __future__ import annotations

from datetime import UTC, datetime

from catalog_api.model import Evidence, Traffic
from scanner.traces.details import Detail
from scanner.traces.sketch import LatencySketch

MAX_EXAMPLES = 5
MAX_DETAIL_VALUES = 50  # per category; raw paths without a route could otherwise grow forever


class EdgeStats:
    """Everything observed on one (source, target, kind) edge."""

    __slots__ = (
        "_error_example",
        "calls",
        "detail",
        "errors",
        "examples",
        "first_ns",
        "last_ns",
        "latency",
    )

    def __init__(self) -> None:
        self.calls = 0
        self.errors = 0
        self.latency = LatencySketch()
        self.first_ns = 0
        self.last_ns = 0
        self.examples: list[tuple[str, bool]] = []  # (trace id, had an error)
        self._error_example = False
        self.detail: dict[str, set[str]] = {}

    def record(
        self, trace_id: str, start_ns: int, duration_ns: int, error: bool, detail: Detail
    ) -> None:
        """One call on the edge. ``start_ns`` 0 means the time is unknown. Runs for most
        spans of an ingest: the common cases return early."""
        self.calls += 1
        if error:
            self.errors += 1
        if start_ns:
            self.latency.add(duration_ns / 1e6)
            if start_ns < self.first_ns or not self.first_ns:
                self.first_ns = start_ns
            end_ns = start_ns + duration_ns
            if end_ns > self.last_ns:
                self.last_ns = end_ns
        if len(self.examples) < MAX_EXAMPLES or (error and not self._error_example):
            self.example(trace_id, error)
        self.add_detail(detail)

    def add_detail(self, detail: Detail) -> None:
        """One call's detail values, each category bounded to :data:`MAX_DETAIL_VALUES`."""
        for category, value in detail:
            values = self.detail.get(category)
            if values is None:
                values = self.detail[category] = set()
            if value not in values and len(values) < MAX_DETAIL_VALUES:
                values.add(value)

    def wants_examples(self) -> int:
        """2: any call may become an example; 1: only a failing one; 0: none will."""
        return 2 if len(self.examples) < MAX_EXAMPLES else 0 if self._error_example else 1

    def example(self, trace_id: str, error: bool) -> None:
        """Keep the first few traces, making sure one failing trace is among them."""
        full = len(self.examples) >= MAX_EXAMPLES
        if (full and (not error or self._error_example)) or (trace_id, error) in self.examples:
            return
        if any(t == trace_id for t, _ in self.examples):
            return
        if not full:
            self.examples.append((trace_id, error))
        else:
            self.examples[-1] = (trace_id, error)
        self._error_example = self._error_example or error

    def merge(self, other: EdgeStats) -> None:
        self.calls += other.calls
        self.errors += other.errors
        self.latency.merge(other.latency)
        if other.first_ns:
            self.first_ns = min(self.first_ns or other.first_ns, other.first_ns)
        self.last_ns = max(self.last_ns, other.last_ns)
        for trace_id, error in other.examples:
            self.example(trace_id, error)
        for category, values in other.detail.items():
            mine = self.detail.setdefault(category, set())
            mine.update(sorted(values)[: max(MAX_DETAIL_VALUES - len(mine), 0)])

    def copy(self) -> EdgeStats:
        twin = EdgeStats()
        twin.merge(self)
        return twin

    def traffic(self) -> Traffic:
        return Traffic(
            calls=self.calls,
            errors=self.errors,
            p50_ms=self.latency.quantile(0.50),
            p95_ms=self.latency.quantile(0.95),
            p99_ms=self.latency.quantile(0.99),
            first_seen=_iso(self.first_ns),
            last_seen=_iso(self.last_ns),
        )

    def evidence(self) -> frozenset[Evidence]:
        return frozenset(Evidence(trace_id=t) for t, _ in self.examples)

    def detail_map(self) -> dict[str, frozenset[str]]:
        return {k: frozenset(v) for k, v in self.detail.items() if v}


def _iso(ns: int) -> str | None:
    if not ns:
        return None
    moment = datetime.fromtimestamp(ns / 1e9, tz=UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
