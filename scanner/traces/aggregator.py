"""The incremental trace aggregator: spans in, a service graph with traffic out.

Memory is bounded, whatever the number of spans fed:

- spans of the current batch (a file, or one OTLP request) are held until :meth:`flush`;
- after a flush only spans still waiting for a counterpart are kept (a client span no server
  span has answered yet, a server span whose caller has not arrived), with only the
  attributes servicemap reads, at most ``max_waiting`` of them (about 300 bytes each);
  beyond that the oldest traces are resolved as they stand, which is what Tempo does after
  its wait time, only much later;
- the resolved spans of recent traces are remembered, at most ``max_remembered`` spans
  (whole traces are forgotten, oldest first), so late server spans, retries and span links
  from other traces still find their caller or producer. A trace is remembered as the list
  its batch already holds, and indexed by span id only when something looks into it: the
  common case, a trace complete in its batch, costs one dict entry, not one per span;
- per edge, :class:`~scanner.traces.traffic.EdgeStats` (counts and a fixed-size latency
  sketch), never the spans.

Files and requests read as columns (:class:`~scanner.traces.span_batch.SpanBatch`) go
through :meth:`add_batch`: plain traces are paired over the columns, the others become span
records for the general path, and the calls are recorded in the order the general path would
record them. Fast-path calls are held as columns, at most ``_PENDING_CALLS`` of them, and
recorded in bulk (see :mod:`scanner.traces.call_window`); anything that reads or records
otherwise drains them first, and reading folds in the counts kept apart.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Iterable, Mapping
from itertools import repeat

from catalog_api.graph import ServiceGraph
from catalog_api.model import Edge, EdgeKind, Node, Provenance, ScanInfo, node_id
from scanner.traces.batch_derive import BatchCalls, derive_batch, split_calls
from scanner.traces.call_window import CallWindow
from scanner.traces.derive import Stub, resolve, stub
from scanner.traces.details import Detail
from scanner.traces.peers import NodeRef
from scanner.traces.semconv import slim
from scanner.traces.span import Span, SpanKind
from scanner.traces.span_batch import SpanBatch
from scanner.traces.traffic import MAX_DETAIL_VALUES, EdgeStats

_TRACE = frozenset({Provenance.TRACE})
# Later spans look up callers (clients, servers of the calling service) and producers;
# local and consumer spans are only ever parents within their own batch.
_NOT_LOOKED_UP = frozenset({SpanKind.INTERNAL, SpanKind.CONSUMER})
EdgeKey = tuple[str, str, EdgeKind]
_NO_SPANS: list[Span] = []  # shared by the traces of fast-path batches: never changed
_PENDING_CALLS = 65_536  # fast-path calls held before recording: about 10 MB


class TraceAggregator:
    """Feed spans with :meth:`add`, mark batch ends with :meth:`flush`, read :meth:`graph`."""

    def __init__(self, *, max_waiting: int = 100_000, max_remembered: int = 100_000) -> None:
        self.max_waiting = max_waiting
        self.max_remembered = max_remembered
        self._batch: dict[str, list[Span]] = {}
        # OrderedDicts: popping the oldest entry of a plain dict slows down as deleted slots
        # pile up at its front.
        self._waiting: OrderedDict[str, list[Span]] = OrderedDict()  # order = age
        self._waiting_count = 0
        self._memory: OrderedDict[str, _Remembered] = OrderedDict()
        self._remembered_count = 0
        self._nodes: dict[str, tuple[NodeRef, set[str]]] = {}
        self._ids: dict[NodeRef, str] = {}
        self._edges: dict[EdgeKey, EdgeStats] = {}
        self._window = CallWindow()  # fast-path calls not yet recorded
        self.spans_seen = 0
        self._read_only_memory = False  # a snapshot's copy shares its original's memory

    # -- feeding ---------------------------------------------------------------------
    def add(self, spans: Iterable[Span]) -> None:
        """Buffer spans of the current batch."""
        batch = self._batch
        for span in spans:
            found = batch.get(span.trace_id)
            if found is None:
                batch[span.trace_id] = [span]
            else:
                found.append(span)
            self.spans_seen += 1

    def flush(self) -> None:
        """End of a batch: resolve every trace it touched as far as its spans allow."""
        batch, self._batch = self._batch, {}
        for trace_id, spans in batch.items():
            self._flush_trace(trace_id, spans)
        self._bound_waiting()

    def add_batch(self, batch: SpanBatch) -> None:
        """One file's or request's columns as a batch of its own: the same as :meth:`add`
        of its spans and :meth:`flush`, with plain traces derived straight from the columns
        (see :mod:`scanner.traces.batch_derive`) and only the others built into spans."""
        self.flush()
        counts = Counter(batch.trace_ids)  # in first appearance order: the flush order
        hexes = dict(zip(counts, map(bytes.hex, counts), strict=True))
        parents = None if batch.links else batch.parents()
        if parents is None:
            self.add(batch.span(i, hexes[t]) for i, t in enumerate(batch.trace_ids))
            self.flush()
            return
        ranks = dict(zip(counts, range(len(counts)), strict=True))
        odd = self._known(hexes)
        calls = derive_batch(batch, parents, odd)
        if not odd:  # the common case: every trace remembered at once, calls in bulk
            if not self._read_only_memory:
                self._remember_all(hexes.values(), batch, counts.values())
            self._record_calls(batch, calls, ranks, hexes)
            self.spans_seen += len(batch)
            batch.release()
            self._bound_waiting()
            return
        general: dict[bytes, list[Span]] = {t: [] for t in counts if t in odd}
        for i, t in enumerate(batch.trace_ids):
            if t in odd:
                general[t].append(batch.span(i, hexes[t]))
        parts = iter(
            split_calls(calls, batch.trace_ids, ranks, sorted(map(ranks.__getitem__, odd)))
        )
        for trace_id in counts:  # calls of the traces before an odd trace, then the odd trace
            if trace_id in odd:
                self._record_calls(batch, next(parts), ranks, hexes)
                self._flush_trace(hexes[trace_id], general[trace_id])
            elif not self._read_only_memory:
                self._remember_entry(hexes[trace_id], _Remembered([], batch, counts[trace_id]))
        self._record_calls(batch, next(parts), ranks, hexes)
        self.spans_seen += len(batch)
        batch.release()
        self._bound_waiting()

    def _known(self, hexes: dict[bytes, str]) -> set[bytes]:
        """The traces with spans waiting or remembered: their spans take the general path
        (usually none: a trace is mostly complete in its batch)."""
        known: set[bytes] = set()
        for held in (self._waiting, self._memory):
            if held and any(map(held.__contains__, hexes.values())):
                known.update(t for t, h in hexes.items() if h in held)
        return known

    def _flush_trace(self, trace_id: str, spans: list[Span]) -> None:
        earlier = self._waiting.pop(trace_id, None)
        if earlier:
            self._waiting_count -= len(earlier)
            spans = earlier + spans
        self._resolve(trace_id, spans, final=False)

    def _bound_waiting(self) -> None:
        while self._waiting_count > self.max_waiting:
            oldest, spans = self._waiting.popitem(last=False)
            self._waiting_count -= len(spans)
            self._resolve(oldest, spans, final=True)

    def finish(self) -> None:
        """No more spans will come: resolve everything still waiting as it stands."""
        self.flush()
        for trace_id in list(self._waiting):
            self._finish_trace(trace_id)

    def _finish_trace(self, trace_id: str) -> None:
        spans = self._waiting.pop(trace_id)
        self._waiting_count -= len(spans)
        self._resolve(trace_id, spans, final=True)

    def _resolve(self, trace_id: str, spans: list[Span], *, final: bool) -> None:
        waiting = resolve(spans, self._remembered, self._record, final=final)
        if waiting:
            kept = [s._replace(attributes=slim(s.attributes)) for s in waiting]
            self._waiting[trace_id] = kept
            self._waiting_count += len(kept)
            held = {id(s) for s in waiting}
            spans = [s for s in spans if id(s) not in held]
        if not self._read_only_memory:
            self._remember(trace_id, spans)

    def _remembered(self, trace_id: str, span_id: str) -> Stub | None:
        found = self._memory.get(trace_id)
        return found.stub(trace_id, span_id) if found is not None else None

    def _remember(self, trace_id: str, spans: list[Span]) -> None:
        if not spans:
            return
        found = self._memory.get(trace_id)
        if found is None:
            self._remember_entry(trace_id, _Remembered(spans))
        else:
            found.extend(spans)
            self._remembered_count += len(spans)
            self._forget_oldest()

    def _remember_entry(self, trace_id: str, entry: _Remembered) -> None:
        self._memory[trace_id] = entry
        self._remembered_count += entry.count
        self._forget_oldest()

    def _remember_all(
        self, trace_ids: Iterable[str], batch: SpanBatch, counts: Iterable[int]
    ) -> None:
        """:meth:`_remember_entry` of each trace of a batch derived on the fast path, in
        order, forgetting the oldest once at the end: the same traces are forgotten (always
        the oldest first, until the count fits) and nothing looks in between."""
        counts = list(counts)
        entries = map(_Remembered, repeat(_NO_SPANS), repeat(batch), counts)
        self._memory.update(zip(trace_ids, entries, strict=True))
        self._remembered_count += sum(counts)
        self._forget_oldest()

    def _forget_oldest(self) -> None:
        memory = self._memory
        while self._remembered_count > self.max_remembered and memory:
            self._remembered_count -= memory.popitem(last=False)[1].count

    def _record(
        self,
        source: NodeRef,
        target: NodeRef,
        kind: EdgeKind,
        trace_id: str,
        start_ns: int,
        duration_ns: int,
        error: bool,
        detail: Detail,
        served: str | None,
    ) -> None:
        if self._window:
            self._window.drain(self._edge)  # calls of earlier traces first: order counts
        self._edge(source, target, kind, served).record(
            trace_id, start_ns, duration_ns, error, detail
        )

    def _edge(
        self, source: NodeRef, target: NodeRef, kind: EdgeKind, served: str | None
    ) -> EdgeStats:
        """The edge a call records on; its nodes (and the route served) and the edge are
        created by their first call."""
        ids = self._ids
        source_id = ids.get(source)
        if source_id is None:
            source_id = self._node(source, None)
        target_id = None if served else ids.get(target)
        if target_id is None:
            target_id = self._node(target, served)
        key = (source_id, target_id, kind)
        stats = self._edges.get(key)
        if stats is None:
            stats = self._edges[key] = EdgeStats()
        return stats

    def _record_calls(
        self,
        batch: SpanBatch,
        calls: BatchCalls,
        ranks: Mapping[bytes, int],
        hexes: Mapping[bytes, str],
    ) -> None:
        """Hold fast-path calls to record them in bulk (see :mod:`scanner.traces.call_window`)."""
        self._window.add(batch, calls, ranks, hexes)
        if len(self._window) >= _PENDING_CALLS:
            self._window.drain(self._edge)

    def _node(self, ref: NodeRef, served: str | None) -> str:
        key = self._ids.get(ref)
        if key is None:
            key = self._ids[ref] = node_id(ref.kind, ref.name)
        elif not served:
            return key
        found = self._nodes.get(key)
        if found is None:
            found = self._nodes[key] = (ref, set())
        elif ref.technology and not found[0].technology:
            self._nodes[key] = found = (ref, found[1])
        if served and len(found[1]) < MAX_DETAIL_VALUES:
            found[1].add(served)
        return key

    # -- reading ---------------------------------------------------------------------
    @property
    def waiting(self) -> int:
        """How many spans are held waiting for a counterpart."""
        return self._waiting_count

    def graph(self, info: ScanInfo | None = None) -> ServiceGraph:
        """The observed graph so far. Waiting spans are not in it until flushed as final;
        see :meth:`snapshot` for a view that includes them."""
        if self._window:
            self._window.drain(self._edge)
        self._window.fold()
        graph = ServiceGraph(info)
        for ref, routes in self._nodes.values():
            graph.add_node(
                Node(
                    ref.kind, ref.name, ref.technology, routes=frozenset(routes), provenance=_TRACE
                )
            )
        for (source, target, kind), stats in self._edges.items():
            graph.add_edge(
                Edge(
                    source,
                    target,
                    kind,
                    provenance=_TRACE,
                    evidence=stats.evidence(),
                    detail=stats.detail_map(),
                    traffic=stats.traffic(),
                )
            )
        return graph

    def snapshot(self, info: ScanInfo | None = None) -> ServiceGraph:
        """The graph as if no more spans were coming, without giving up on waiting spans:
        a copy resolves them, this aggregator keeps waiting."""
        if self._window:
            self._window.drain(self._edge)
        self._window.fold()
        twin = TraceAggregator(max_waiting=self.max_waiting, max_remembered=self.max_remembered)
        twin._nodes = {k: (ref, set(routes)) for k, (ref, routes) in self._nodes.items()}
        twin._ids = dict(self._ids)
        twin._edges = {k: stats.copy() for k, stats in self._edges.items()}
        twin._memory = self._memory  # only read while finishing
        twin._waiting = OrderedDict((k, list(v)) for k, v in self._waiting.items())
        twin._waiting_count = self._waiting_count
        twin.add(span for spans in self._batch.values() for span in spans)
        twin._read_only_memory = True
        twin.finish()
        return twin.graph(info)


class _Remembered:
    """The resolved spans of one trace: span records, indexed by span id on the first
    lookup, and (for a trace derived on the fast path) the columns of its batch. Only
    client, server and producer spans are ever found: the others are only parents within a
    batch."""

    __slots__ = ("_index", "batch", "count", "spans")

    def __init__(self, spans: list[Span], batch: SpanBatch | None = None, count: int = 0) -> None:
        self.spans = spans
        self.batch = batch
        self.count = len(spans) + count
        self._index: dict[str, Span] | None = None

    def extend(self, spans: list[Span]) -> None:
        self.spans = self.spans + spans  # never changed in place: lists may be shared
        self.count += len(spans)
        self._index = None

    def stub(self, trace_id: str, span_id: str) -> Stub | None:
        if self._index is None:  # later spans of an id win, as they would overwrite
            self._index = {s.span_id: s for s in self.spans if s.kind not in _NOT_LOOKED_UP}
        found = self._index.get(span_id)
        if found is not None:
            return stub(found)
        return self.batch.stub(trace_id, span_id) if self.batch is not None else None
