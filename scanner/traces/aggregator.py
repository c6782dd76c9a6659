"""The incremental trace aggregator: spans in, a service graph with traffic out.

Memory is bounded, whatever the number of spans fed:

- spans of the current batch (a file, or one OTLP request) are held until :meth:`flush`;
- after a flush only spans still waiting for a counterpart are kept (a client span no server
  span has answered yet, a server span whose caller has not arrived), with only the
  attributes servicemap reads, at most ``max_waiting`` of them (about 300 bytes each);
  beyond that the oldest traces are resolved as they stand, which is what Tempo does after
  its wait time, only much later;
- a compact stub of each resolved client, server and producer span (ids, service, kind) is
  remembered, at most ``max_remembered``, so late server spans, retries and span links from
  other traces still find their caller or producer;
- per edge, :class:`~scanner.traces.traffic.EdgeStats` (counts and a fixed-size latency
  sketch), never the spans.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable

from catalog_api.graph import ServiceGraph
from catalog_api.model import Edge, EdgeKind, Node, Provenance, ScanInfo, node_id
from scanner.traces.derive import Observation, Stub, resolve, stub
from scanner.traces.peers import NodeRef
from scanner.traces.semconv import slim
from scanner.traces.span import Span, SpanKind
from scanner.traces.traffic import MAX_DETAIL_VALUES, EdgeStats

_TRACE = frozenset({Provenance.TRACE})
# Later spans look up callers (clients, servers of the calling service) and producers;
# local and consumer spans are only ever parents within their own batch.
_NOT_LOOKED_UP = frozenset({SpanKind.INTERNAL, SpanKind.CONSUMER})
EdgeKey = tuple[str, str, EdgeKind]


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
        self._memory: OrderedDict[tuple[str, str], Stub] = OrderedDict()
        self._nodes: dict[str, tuple[NodeRef, set[str]]] = {}
        self._ids: dict[NodeRef, str] = {}
        self._edges: dict[EdgeKey, EdgeStats] = {}
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
            earlier = self._waiting.pop(trace_id, None)
            if earlier:
                self._waiting_count -= len(earlier)
                spans = earlier + spans
            self._resolve(trace_id, spans, final=False)
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
        result = resolve(spans, self._remembered, final=final)
        for observation in result.observations:
            self._record(observation)
        if result.waiting:
            kept = [s._replace(attributes=slim(s.attributes)) for s in result.waiting]
            self._waiting[trace_id] = kept
            self._waiting_count += len(kept)
        waiting = {id(s) for s in result.waiting}
        for span in spans:
            if id(span) not in waiting:
                self._remember(span)

    def _remembered(self, trace_id: str, span_id: str) -> Stub | None:
        return self._memory.get((trace_id, span_id))

    def _remember(self, span: Span) -> None:
        if self._read_only_memory or span.kind in _NOT_LOOKED_UP:
            return
        memory = self._memory
        memory[(span.trace_id, span.span_id)] = stub(span)
        if len(memory) > self.max_remembered:
            memory.popitem(last=False)

    def _record(self, o: Observation) -> None:
        source = self._node(o.source, None)
        target = self._node(o.target, o.served)
        key = (source, target, o.kind)
        stats = self._edges.get(key)
        if stats is None:
            stats = self._edges[key] = EdgeStats()
        stats.record(o.trace_id, o.start_ns, o.duration_ns, o.error, o.detail)

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
