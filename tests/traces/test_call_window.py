"""Fast-path calls are recorded in bulk per class of calls (scanner.traces.call_window); the
graph must be the one the general path draws call by call, whatever order-dependent state the
calls meet: caps, examples, unknown or odd times, edges new late, registries dropped."""

from __future__ import annotations

import operator
import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from scanner.traces import aggregator, call_window, decode_file, json_batch
from tests.traces import trace_mix
from tests.traces.test_fast_path import fast_path, general_path, same

Span = trace_mix.Span


@pytest.fixture
def small_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Drain every few calls and drop the class numbering often: many windows per file."""
    monkeypatch.setattr(aggregator, "_PENDING_CALLS", 7)
    monkeypatch.setattr(call_window, "_MAX_CLASSES", 3)


def _rewrite(paths: list[Path], change: Callable[[int, Span], None]) -> None:
    """Apply ``change(file number, span)`` to every span of the files."""
    for n, path in enumerate(paths):
        request = trace_mix.ExportTraceServiceRequest.FromString(path.read_bytes())
        for span in _spans(request):
            change(n, span)
        path.write_bytes(request.SerializeToString())


def _spans(request: trace_mix.ExportTraceServiceRequest) -> Iterator[Span]:
    for rs in request.resource_spans:
        for ss in rs.scope_spans:
            yield from ss.spans


@pytest.mark.usefixtures("small_windows")
@pytest.mark.parametrize("plain", [False, True])
def test_graphs_equal_when_calls_drain_in_small_windows(tmp_path: Path, plain: bool) -> None:
    paths = trace_mix.write_files(tmp_path, seed=29, files=6, per_file=50, services=4, plain=plain)

    same(fast_path(paths), general_path(paths))


@pytest.mark.parametrize("windows", ["large", "small"])
def test_graphs_equal_when_times_are_unknown_zero_negative_or_backwards(
    tmp_path: Path, windows: str, request: pytest.FixtureRequest
) -> None:
    if windows == "small":
        request.getfixturevalue("small_windows")
    paths = trace_mix.write_files(tmp_path, seed=31, files=6, per_file=50, services=4, plain=True)
    rng = random.Random(31)

    def odd_times(n: int, span: Span) -> None:
        roll = rng.random()
        if roll < 0.05:
            span.start_time_unix_nano = 0  # unknown
        elif roll < 0.1:
            span.end_time_unix_nano = span.start_time_unix_nano  # no time at all
        elif roll < 0.15:
            span.end_time_unix_nano = span.start_time_unix_nano - 5_000  # ends before it starts
        elif roll < 0.2:
            span.end_time_unix_nano = span.start_time_unix_nano + rng.randrange(2_000)  # < 1 µs?
        # Later files hold earlier traces: first seen keeps moving back.
        span.start_time_unix_nano -= n * 10**12 if span.start_time_unix_nano else 0
        span.end_time_unix_nano -= n * 10**12 if span.end_time_unix_nano else 0

    _rewrite(paths, odd_times)

    same(fast_path(paths), general_path(paths))


@pytest.mark.parametrize("windows", ["large", "small"])
def test_graphs_equal_when_failures_come_after_edges_have_examples(
    tmp_path: Path, windows: str, request: pytest.FixtureRequest
) -> None:
    if windows == "small":
        request.getfixturevalue("small_windows")
    paths = trace_mix.write_files(tmp_path, seed=37, files=8, per_file=40, services=3, plain=True)

    def late_failures(n: int, span: Span) -> None:
        if n < 5:
            span.status.Clear()

    _rewrite(paths, late_failures)

    fast = fast_path(paths)
    same(fast, general_path(paths))
    examples = [e for e in fast.edges() if len(e.evidence) == 5]
    assert examples, "some edges keep five example traces"


def test_graphs_equal_when_edges_and_services_appear_late(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    early = trace_mix.write_files(tmp_path / "a", seed=41, files=4, per_file=60, services=2)
    late = trace_mix.write_files(tmp_path / "b", seed=43, files=4, per_file=60, services=9)
    paths = early + late

    fast = fast_path(paths)

    same(fast, general_path(paths))
    assert len(fast.nodes()) > 9


@pytest.mark.parametrize("windows", ["large", "small"])
def test_graphs_equal_when_routes_and_details_pass_their_caps(
    tmp_path: Path, windows: str, request: pytest.FixtureRequest
) -> None:
    if windows == "small":
        request.getfixturevalue("small_windows")
    paths = []
    for n in range(4):
        spans = []
        for k in range(40):
            trace_id, number = bytes([n, k]) * 8, n * 40 + k
            client = Span(trace_id=trace_id, span_id=bytes([1, n, k]) * 2 + b"\x01\x01", kind=3)
            server = Span(
                trace_id=trace_id,
                span_id=bytes([2, n, k]) * 2 + b"\x02\x02",
                parent_span_id=client.span_id,
                kind=2,
            )
            for span, offset in ((client, 0), (server, 1_000)):
                span.start_time_unix_nano = trace_mix.T0 + number * 10**6 + offset
                span.end_time_unix_nano = span.start_time_unix_nano + 10**6 - 2 * offset
            client.attributes.append(trace_mix._kv("server.address", "api"))
            word = trace_mix._WORDS[number % 10] + str(number % 7)  # 70 raw paths
            server.attributes.append(trace_mix._kv("url.path", f"/items/{word}"))
            if number % 9 == 0:
                server.status.code = 2  # type: ignore[assignment]
            spans += [("web", client), ("api", server)]
        path = tmp_path / f"{n}.pb"
        path.write_bytes(trace_mix._request(spans).SerializeToString())
        paths.append(path)

    fast = fast_path(paths)

    same(fast, general_path(paths))
    api = fast.node("service:api")
    assert api is not None and len(api.routes) == 50


def test_graphs_equal_when_json_durations_are_beyond_any_bucket(tmp_path: Path) -> None:
    pb = trace_mix.write_files(tmp_path, seed=47, files=2, per_file=20, services=3, plain=True)
    files = trace_mix.as_otlp_json(pb)
    end = re.compile(r'("endTimeUnixNano": ")(\d+)"')
    far = str(2 * 10**20)  # 3,000 years after the start: the year 8307
    files[0].write_text(
        end.sub(lambda m: f'{m[1]}{far if int(m[2]) % 2 else m[2]}"', files[0].read_text())
    )

    same(fast_path(files), general_path(files))


def test_graphs_equal_when_span_ids_repeat_or_parents_are_in_other_traces(tmp_path: Path) -> None:
    def trace(number: int, ids: bytes, parent: bytes = b"") -> list[tuple[str, Span]]:
        trace_id = bytes([number]) * 16
        start = trace_mix.T0 + number * 10**6
        root = Span(trace_id=trace_id, span_id=ids[:8], parent_span_id=parent, kind=2)
        client = Span(trace_id=trace_id, span_id=ids[8:16], parent_span_id=ids[:8], kind=3)
        server = Span(trace_id=trace_id, span_id=ids[16:], parent_span_id=ids[8:16], kind=2)
        client.attributes.append(trace_mix._kv("server.address", "api"))
        for n, span in enumerate((root, client, server)):
            span.start_time_unix_nano, span.end_time_unix_nano = start + n, start + 10**6 - n
        return [("web", root), ("web", client), ("api", server)]

    shared = bytes(range(1, 25))
    first = trace(1, shared) + trace(2, shared)  # one set of span ids in two traces
    # Trace 4's root names a parent that is a span of trace 3: not its caller.
    second = trace(3, bytes(range(30, 54))) + trace(
        4, bytes(range(60, 84)), parent=bytes(range(38, 46))
    )
    messaging = trace(5, bytes(range(90, 114)))
    messaging[1][1].attributes.append(trace_mix._kv("messaging.system", "kafka"))
    paths = []
    for n, spans in enumerate((first, second + messaging)):
        path = tmp_path / f"{n}.pb"
        path.write_bytes(trace_mix._request(spans).SerializeToString())
        paths.append(path)

    same(fast_path(paths), general_path(paths))


@pytest.mark.parametrize("seed", range(5))
def test_extremes_found_whatever_the_order_of_values(seed: int) -> None:
    rng = random.Random(seed)
    keys = [rng.randrange(4) for _ in range(200)]
    values = [rng.randrange(10**6) for _ in range(200)]
    hill = [1, 3, 5, 7, 9, 8, 6, 4, 2]  # takes every round, then the last resort
    keys, values = keys + [9] * len(hill), values + hill

    greatest = call_window._extremes(keys, values, operator.gt, backwards=False)
    least = call_window._extremes(keys, values, operator.lt, backwards=True)

    for key in set(keys):
        mine = [v for k, v in zip(keys, values, strict=True) if k == key]
        assert (greatest[key], least[key]) == (max(mine), min(mine))


def test_latency_counted_when_a_duration_is_beyond_the_key_range(tmp_path: Path) -> None:
    # Ends past the year 9999 have no last-seen time to show, so compare the edges' counts.
    pb = trace_mix.write_files(tmp_path, seed=53, files=1, per_file=10, services=2, plain=True)
    (path,) = trace_mix.as_otlp_json(pb)
    end = re.compile(r'("endTimeUnixNano": ")(\d+)"')
    path.write_text(end.sub(lambda m: f'{m[1]}{10**24}"', path.read_text(), count=3))
    fast, general = aggregator.TraceAggregator(), aggregator.TraceAggregator()
    batch = json_batch.read(path.read_bytes())
    assert batch is not None
    fast.add_batch(batch)
    general.add(decode_file(path))
    for agg in (fast, general):
        agg.finish()
    fast._window.drain(fast._edge)
    fast._window.fold()

    def counts(agg: aggregator.TraceAggregator) -> dict[object, object]:
        return {
            key: (s.calls, s.errors, sorted(s.latency._buckets.items()), s.latency._zeros)
            for key, s in agg._edges.items()
        }

    assert counts(fast) == counts(general)
    assert any(index >= 2048 for _, _, found, _ in counts(fast).values() for index, _ in found)
