"""Traffic figures: percentiles within 2% from a bounded sketch, examples, times, and memory
that stays flat however many spans go through."""

from __future__ import annotations

import math
import random
import tracemalloc

from catalog_api.model import EdgeKind, Evidence
from scanner.traces import SpanKind, TraceAggregator
from scanner.traces.sketch import LatencySketch
from scanner.traces.traffic import EdgeStats
from tests.traces.helpers import T0, span


def exact(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[max(math.ceil(q * len(ordered)), 1) - 1]


def test_percentiles_within_two_percent_when_latencies_spread_over_decades() -> None:
    rng = random.Random(7)
    samples = [rng.lognormvariate(3, 1.5) for _ in range(20_000)]
    sketch = LatencySketch()
    for ms in samples:
        sketch.add(ms)

    for q in (0.5, 0.95, 0.99):
        estimate = sketch.quantile(q)
        assert estimate is not None
        assert abs(estimate - exact(samples, q)) / exact(samples, q) < 0.02


def test_bucket_count_bounded_when_many_samples_are_added() -> None:
    sketch = LatencySketch()
    for n in range(200_000):
        sketch.add(0.01 + (n % 5000) * 7.3)  # 10 µs to 36 s

    assert len(sketch) == 200_000
    assert sketch.buckets < 1000


def test_no_percentiles_when_no_latency_was_recorded() -> None:
    assert LatencySketch().quantile(0.5) is None


def test_a_failing_trace_kept_among_examples_when_it_comes_late() -> None:
    stats = EdgeStats()
    for n in range(9):
        stats.record(f"{n:032x}", T0 + n, 1_000_000, error=False, detail=())
    stats.record("f" * 32, T0 + 10, 1_000_000, error=True, detail=())

    examples = stats.evidence()
    assert len(examples) == 5
    assert Evidence(trace_id="f" * 32) in examples


def test_first_and_last_seen_in_iso_utc_when_spans_have_times() -> None:
    stats = EdgeStats()
    stats.record("a" * 32, 1_764_356_000_250_000_000, 50_000_000, error=False, detail=())
    stats.record("b" * 32, 1_764_356_000_000_000_000, 10_000_000, error=True, detail=())

    traffic = stats.traffic()
    assert (traffic.calls, traffic.errors) == (2, 1)
    assert traffic.first_seen == "2025-11-28T18:53:20.000Z"
    assert traffic.last_seen == "2025-11-28T18:53:20.300Z"


def feed(aggregator: TraceAggregator, first: int, traces: int) -> None:
    for n in range(first, first + traces):
        trace = f"{n:032x}"
        aggregator.add(
            [
                span("c1", "web", SpanKind.CLIENT, None, {"server.address": "api"}, trace=trace),
                span("s1", "api", SpanKind.SERVER, "c1", {"http.route": f"/r{n % 7}"}, trace=trace),
            ]
        )
    aggregator.flush()


def test_memory_flat_when_spans_keep_coming() -> None:
    aggregator = TraceAggregator(max_remembered=500)
    feed(aggregator, 0, 1_000)
    tracemalloc.start()
    try:
        # Two batches inside the window before measuring: CPython's free lists still hold
        # untraced objects from before tracing started until a batch has cycled them.
        feed(aggregator, 1_000, 500)
        feed(aggregator, 1_500, 500)
        before = tracemalloc.get_traced_memory()[0]
        feed(aggregator, 2_000, 3_000)
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()

    assert after - before < 16 * 1024, f"grew by {after - before} bytes over 6,000 more spans"
    assert aggregator.waiting == 0
    call = aggregator.graph().edge("service:web", "service:api", EdgeKind.HTTP)
    assert call is not None and call.traffic is not None and call.traffic.calls == 5_000
