"""Fast-path calls waiting to be recorded, held as columns, and recorded in bulk.

What a call adds to its edge is mostly order-free: counts, errors, latency buckets, first
and last time seen. So a call is reduced to a *class* (caller's and callee's services and
attribute sets: they fix the edge, its kind, the detail values and the route served) and a
few numbers, column by column, in C (``map``, ``compress``, ``Counter``); a drain counts
calls, errors and latency buckets per edge in C (folded into the edges when they are read)
and takes each edge's first and last time seen. What depends on call order is done apart,
in the order the general path records in (trace by trace, in order of first appearance,
spans in order within a trace):

- a class's first call creates its nodes and edge and adds its detail values and served
  route (all first-come or capped); a later call of the class changes none of them, so
  only the classes new in a window are replayed, in order of their first calls;
- example trace ids: only the edges still short of examples (or of a failing one) look at
  their calls, in order; an edge that has five and a failing one is done for good.

Classes are numbered per aggregator; the numbering is dropped when it grows large, which
only makes classes count as new (and replay, to no effect) once more. Memory: the columns
of at most one window of calls, one entry per class, and per edge one count per latency
bucket in use (as many as its sketch holds).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from itertools import compress, repeat
from math import ceil, log
from operator import add, ge, gt, is_, lshift, lt, or_, sub, truediv
from typing import Any, NamedTuple, cast

from catalog_api.model import EdgeKind
from scanner.traces import peers
from scanner.traces.batch_derive import BatchCalls, call_facts, client_facts
from scanner.traces.details import Detail
from scanner.traces.peers import NodeRef
from scanner.traces.sketch import LOG_GAMMA, MIN_MS, bucket
from scanner.traces.span_batch import SpanBatch
from scanner.traces.traffic import EdgeStats

CallClass = tuple[NodeRef, NodeRef, EdgeKind, Detail, "str | None"]
"""(source, target, kind, detail, route or method served) of a class of calls."""
EdgeOf = Callable[[NodeRef, NodeRef, EdgeKind, "str | None"], EdgeStats]
"""Where the aggregator records an edge's calls (creating nodes and edge as it records)."""

# A call's latency is kept as one int, class * _STRIDE + bucket, so one Counter in C counts
# both; buckets of 1 µs to 10^20 ns lie within (-_HALF, _HALF).
_STRIDE = 4096
_HALF = _STRIDE // 2
_ZERO = 1 - _HALF  # under the sketch's resolution
_UNTIMED = -_HALF  # time unknown: no latency, no first or last seen
_MIN_NS = 1000  # durations below count as zero latency (MIN_MS)
_MAX_NS = 10**20
_MAX_CLASSES = 50_000


class _Segment(NamedTuple):
    """Where the calls of one batch (or of the part of it before an odd trace) are."""

    start: int
    positions: list[int]  # each call's span position: what orders calls within a trace
    trace_ids: Sequence[bytes]
    ranks: Mapping[bytes, int]
    hexes: Mapping[bytes, str]

    def order(self, k: int) -> int:
        """The recording order of the segment's ``k``-th call."""
        i = self.positions[k]
        return self.ranks[self.trace_ids[i]] << 32 | i

    def in_order(self, calls: list[int]) -> list[int]:
        """Some of the segment's calls (by index) in recording order."""
        positions = list(map(self.positions.__getitem__, calls))
        ranks = map(self.ranks.__getitem__, map(self.trace_ids.__getitem__, positions))
        orders = list(map(or_, map(lshift, ranks, repeat(32)), positions))
        return [calls[n] for n in sorted(range(len(calls)), key=orders.__getitem__)]

    def hex(self, k: int) -> str:
        """The trace id of the segment's ``k``-th call."""
        return self.hexes[self.trace_ids[self.positions[k]]]


class CallWindow:
    """Calls not yet recorded, as parallel columns, in batches added in recording order."""

    def __init__(self) -> None:
        self._numbers: dict[Hashable, int] = {}  # class key -> class number
        self._classes: list[CallClass] = []
        self._edges: list[EdgeStats | None] = []  # by class: its edge, once recorded
        self._fresh: list[int] = []  # classes first seen in this window, by first call
        self._segments: list[_Segment] = []
        self._far: list[tuple[int, int]] = []  # (class, bucket) beyond the key's range
        self._offsets: list[int] = []  # by class: its edge's number * _STRIDE
        # Calls of all windows, counted in C by edge number * _STRIDE + latency bucket, and
        # errors by edge number * _STRIDE; put into the edges only when read (:meth:`fold`).
        # At most one count per bucket of an edge's sketch, as the sketch itself holds.
        self._latency: Counter[int] = Counter()
        self._failed: Counter[int] = Counter()
        self._edge_numbers: dict[EdgeStats, int] = {}
        self._numbered_edges: list[EdgeStats] = []
        self.classes: list[int] = []
        self.errors: list[bool] = []
        self.starts: list[int] = []  # 0: unknown
        self.ends: list[int] = []  # start + duration (never before the start)
        self.latency: list[int] = []  # bucket, or _ZERO or _UNTIMED

    def __len__(self) -> int:
        return len(self.classes)

    def add(
        self,
        batch: SpanBatch,
        calls: BatchCalls,
        ranks: Mapping[bytes, int],
        hexes: Mapping[bytes, str],
    ) -> None:
        """Hold ``calls`` of ``batch``; ``ranks`` orders its traces, ``hexes`` names them."""
        servers, _, timed, stores = calls
        positions = servers + stores
        if not positions:
            return
        before = len(self._classes)
        classes = self._classify(batch, calls)
        at = timed + stores
        starts = list(map(batch.starts.__getitem__, at))
        ends = list(map(batch.ends.__getitem__, at))
        errors = batch.errors
        durations = list(map(sub, ends, starts))
        if all(starts) and min(durations) >= _MIN_NS and max(durations) < _MAX_NS:
            logs = map(log, map(truediv, durations, repeat(1e6)))
            self.latency += map(ceil, map(truediv, logs, repeat(LOG_GAMMA)))  # sketch.bucket
        else:
            ends = self._odd_times(classes, starts, durations)
        segment = _Segment(len(self.classes), positions, batch.trace_ids, ranks, hexes)
        self._segments.append(segment)
        self.classes += classes
        self.errors += map(or_, map(errors.__getitem__, positions), map(errors.__getitem__, at))
        self.starts += starts
        self.ends += ends
        if len(self._classes) > before:
            first: dict[int, int] = {}
            for k in compress(range(len(classes)), map(ge, classes, repeat(before))):
                c, order = classes[k], segment.order(k)
                if order < first.get(c, order + 1):
                    first[c] = order
            self._fresh += sorted(first, key=first.__getitem__)

    def _odd_times(self, classes: list[int], starts: list[int], durations: list[int]) -> list[int]:
        """Latency buckets of calls with unknown times, short or very long durations, as
        :meth:`EdgeStats.record` counts them; their ends."""
        ends: list[int] = []
        latency = self.latency
        for c, start, duration in zip(classes, starts, durations, strict=True):
            if not start:
                latency.append(_UNTIMED)
                ends.append(0)
                continue
            duration = max(duration, 0)
            ends.append(start + duration)
            ms = duration / 1e6
            if ms < MIN_MS:
                latency.append(_ZERO)
            elif (index := bucket(ms)) >= _HALF:
                self._far.append((c, index))
                latency.append(_UNTIMED)
            else:
                latency.append(index)
        return ends

    def _classify(self, batch: SpanBatch, calls: BatchCalls) -> list[int]:
        """Each call's class number, new classes numbered as they come."""
        servers, callers, _, stores = calls
        services, items = batch.services, batch.items
        services_x, items_x = [*services, None], [*items, None]  # -1: a root has no caller
        keys: list[tuple[Any, ...]] = list(
            zip(
                map(services_x.__getitem__, callers),
                map(services.__getitem__, servers),
                map(items.__getitem__, servers),
                map(items_x.__getitem__, callers),
                strict=True,
            )
        )
        keys += zip(map(services.__getitem__, stores), map(items.__getitem__, stores), strict=True)
        numbers = list(map(self._numbers.get, keys))
        if None in numbers:
            for k in compress(range(len(keys)), map(is_, numbers, repeat(None))):
                numbers[k] = self._number(keys[k], batch)
        return cast(list[int], numbers)

    def _number(self, key: tuple[Any, ...], batch: SpanBatch) -> int:
        found = self._numbers.get(key)
        if found is not None:
            return found
        if len(key) == 4:  # a server span and its caller, if any
            caller, service, mine, theirs = key
            source, kind, detail, served = call_facts(mine, theirs, batch)
            if caller is not None:
                source = peers.service(caller)
            found_class = (source, peers.service(service), kind, detail, served)
        else:  # a database client span
            service, mine = key
            store, _, detail = client_facts(mine, batch)
            assert store is not None, "only database calls are classed by one span"
            found_class = (peers.service(service), store[0], store[1], detail, None)
        number = self._numbers[key] = len(self._classes)
        self._classes.append(found_class)
        self._edges.append(None)
        self._offsets.append(0)
        return number

    # -- recording -----------------------------------------------------------------------
    def drain(self, edge_of: EdgeOf) -> None:
        """Record every call held: the same as recording each in order (see the module
        docstring), and empty the window."""
        edges = cast(list[EdgeStats], self._edges)
        for c in self._fresh:  # first calls, in order: nodes, edges, details, routes
            source, target, kind, detail, served = self._classes[c]
            stats = edges[c] = edge_of(source, target, kind, served)
            stats.add_detail(detail)
        offsets = self._offsets
        for c in self._fresh:
            offsets[c] = self._numbered(edges[c]) * _STRIDE
        classes = self.classes
        keys = list(map(offsets.__getitem__, classes))
        self._failed.update(compress(keys, self.errors))
        self._latency.update(map(add, self.latency, keys))
        for c, index in self._far:
            edges[c].latency.add_counts(index, 1)
        touched = self._times(edges)
        self._examples(edges, touched)
        self._segments, self._fresh, self._far = [], [], []
        self.classes, self.errors, self.starts, self.ends, self.latency = [], [], [], [], []
        if len(self._classes) > _MAX_CLASSES:
            self._numbers, self._classes, self._edges, self._offsets = {}, [], [], []

    def _numbered(self, edge: EdgeStats) -> int:
        number = self._edge_numbers.get(edge)
        if number is None:
            number = self._edge_numbers[edge] = len(self._numbered_edges)
            self._numbered_edges.append(edge)
        return number

    def fold(self) -> None:
        """Put the calls, errors and latencies counted so far into the edges: before
        reading them."""
        edges = self._numbered_edges
        for key, n in self._latency.items():
            number = (key + _HALF) // _STRIDE
            index = key - number * _STRIDE
            stats = edges[number]
            stats.calls += n
            if index != _UNTIMED:
                stats.latency.add_counts(None if index == _ZERO else index, n)
        for key, n in self._failed.items():
            edges[key // _STRIDE].errors += n
        self._latency.clear()
        self._failed.clear()

    def _times(self, edges: list[EdgeStats]) -> dict[int, int]:
        """First and last seen. An edge's last call usually ends after all it saw before,
        so every edge takes its latest end; an edge first seen before this window began
        (the usual case: time moves forward) needs no earliest start. The classes seen,
        with their latest ends."""
        classes, starts = self.classes, self.starts
        calls = _extremes(classes, self.ends, gt, backwards=False)
        for c, end in calls.items():
            stats = edges[c]
            if end > stats.last_ns:
                stats.last_ns = end
        if not all(starts):  # unknown times count for neither
            classes, starts = list(compress(classes, starts)), list(filter(None, starts))
        if not starts:
            return calls
        earliest = min(starts)
        later = {c for c in calls if not edges[c].first_ns or edges[c].first_ns > earliest}
        if not later:
            return calls
        if len(later) < len(calls):
            wanted = list(map(later.__contains__, classes))
            classes, starts = list(compress(classes, wanted)), list(compress(starts, wanted))
        for c, start in _extremes(classes, starts, lt, backwards=True).items():
            stats = edges[c]
            if start < stats.first_ns or not stats.first_ns:
                stats.first_ns = start
        return calls

    def _examples(self, edges: list[EdgeStats], classes: Iterable[int]) -> None:
        """Example trace ids, for the edges still short of them: their calls in order,
        segment by segment, until they have what they want (most need only a few calls)."""
        short: set[int] = set()  # edges wanting any call
        failing: set[int] = set()  # edges wanting a failing call
        for c in classes:
            _sort_by_want(edges[c], c, short, failing)
        ends = [s.start for s in self._segments[1:]] + [len(self.classes)]
        for segment, end in zip(self._segments, ends, strict=True):
            if not short and not failing:
                return
            mine = self.classes[segment.start : end]
            flags = self.errors[segment.start : end]
            picked = list(compress(range(len(mine)), map(short.__contains__, mine)))
            if failing:
                picked += (k for k in compress(range(len(mine)), flags) if mine[k] in failing)
            if not picked:
                continue
            for k in segment.in_order(picked):
                edges[mine[k]].example(segment.hex(k), flags[k])
            for c in {mine[k] for k in picked}:
                short.discard(c)
                failing.discard(c)
                _sort_by_want(edges[c], c, short, failing)


def _sort_by_want(edge: EdgeStats, c: int, short: set[int], failing: set[int]) -> None:
    wants = edge.wants_examples()
    if wants == 2:
        short.add(c)
    elif wants == 1:
        failing.add(c)


def _extremes(
    keys: list[int], values: list[int], beats: Callable[[int, int], bool], *, backwards: bool
) -> dict[int, int]:
    """The greatest (``gt``) or least (``lt``) value per key. A dict keeps the last value
    written per key: written in the order values tend to grow (forwards for the greatest
    when time moves forward), few values beat it; those are written again, the other way
    round, until none does."""
    best = dict(_pairs(keys, values, backwards))
    for _ in range(4):
        over = list(map(beats, values, map(best.__getitem__, keys)))
        if not any(over):
            return best
        keys, values = list(compress(keys, over)), list(compress(values, over))
        backwards = not backwards
        best.update(_pairs(keys, values, backwards))  # each beats the value it replaces
    for key, value in zip(keys, values, strict=True):
        if beats(value, best[key]):
            best[key] = value
    return best


def _pairs(keys: list[int], values: list[int], backwards: bool) -> Iterator[tuple[int, int]]:
    if backwards:
        return zip(reversed(keys), reversed(values), strict=True)
    return zip(keys, values, strict=True)
