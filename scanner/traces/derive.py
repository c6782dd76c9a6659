"""Deriving dependency observations from the spans of one trace.

Pairs CLIENT spans with the SERVER spans they caused, as the OpenTelemetry Collector's
servicegraph connector and Grafana Tempo do, and goes further where their time-limited
stores give up: a server span whose client arrives in a later batch waits for it, a client
with several server children (retries) counts each attempt, and Zipkin's B3 shared spans
(client and server halves with one id) pair by id. Between a server span and its caller
there may be local spans (Zipkin's "local spans between remote ones"): the walk up the parent
chain skips spans of the server's own service.

Edges without a second span come from attributes: a ``db.*`` client span is a datastore
call, a producer publishes to its destination's queue node and a consumer consumes from it
(its producer found through its parent or span links when it names no destination itself),
a root server span is called by ``user``, and a client span no server span answers is a call
to an uninstrumented peer (see :mod:`scanner.traces.peers`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from catalog_api.model import EdgeKind
from scanner.traces import details, peers
from scanner.traces.details import Detail
from scanner.traces.peers import NodeRef
from scanner.traces.span import Span, SpanKind

_MAX_DEPTH = 64


class Stub(NamedTuple):
    """What is remembered of a span after its trace was resolved, for late children, retries
    and links from other traces."""

    span_id: str
    parent_id: str | None
    service: str
    kind: SpanKind
    error: bool
    queue: NodeRef | None


class Observation(NamedTuple):
    """One call on one edge, ready to be aggregated."""

    source: NodeRef
    target: NodeRef
    kind: EdgeKind
    trace_id: str
    start_ns: int
    duration_ns: int
    error: bool
    detail: Detail
    served: str | None = None  # a route or method the target service serves


Ref = Span | Stub
Lookup = Callable[[str, str], Stub | None]
"""Finds a remembered span by (trace id, span id)."""


def stub(span: Span) -> Stub:
    is_producer = span.kind is SpanKind.PRODUCER
    queue = peers.queue(span.attributes) if is_producer else None
    return Stub(span.span_id, span.parent_id, span.service, span.kind, span.error, queue)


@dataclass
class Resolution:
    """What one pass over a trace's spans produced, and the spans still waiting for a
    counterpart (only when the pass was not final)."""

    observations: list[Observation] = field(default_factory=list)
    waiting: list[Span] = field(default_factory=list)


class _Missing(Exception):
    """A span this one depends on has not been seen (yet)."""


def resolve(spans: list[Span], lookup: Lookup, *, final: bool) -> Resolution:
    """Observations of one trace's spans. Not ``final``: spans whose counterpart may still
    arrive are returned as waiting instead of being resolved as unpaired."""
    return _Trace(spans, lookup, final).run()


class _Trace:
    def __init__(self, spans: list[Span], lookup: Lookup, final: bool) -> None:
        self.spans = spans
        self.lookup = lookup
        self.final = final
        self.index: dict[str, list[Span]] = {}
        for span in spans:
            self.index.setdefault(span.span_id, []).append(span)
        self.matched: set[str] = set()
        self.answers: dict[str, int] = {}  # client span id -> server spans answering it
        self.wrappers: set[str] = set()  # client spans with a client span of theirs inside
        for span in spans:
            if span.kind is SpanKind.CLIENT and span.parent_id in self.index:
                outer = self.index[span.parent_id][0]
                if outer.kind is SpanKind.CLIENT and outer.service == span.service:
                    self.wrappers.add(outer.span_id)
            if span.kind is SpanKind.SERVER:
                for client_id in {span.parent_id, span.span_id}:
                    if client_id is not None:
                        self.answers[client_id] = self.answers.get(client_id, 0) + 1
        self.out = Resolution()

    def run(self) -> Resolution:
        clients: list[Span] = []
        for span in self.spans:
            try:
                if span.kind is SpanKind.SERVER:
                    self._server(span)
                elif span.kind is SpanKind.PRODUCER:
                    self._publish(span)
                elif span.kind is SpanKind.CONSUMER:
                    self._consume(span)
                elif not self._attribute_call(span) and span.kind is SpanKind.CLIENT:
                    clients.append(span)
            except _Missing:
                self.out.waiting.append(span)
        for client in clients:
            if client.span_id not in self.matched:
                self._unanswered(client)
        return self.out

    # -- finding spans ---------------------------------------------------------------
    def find(self, trace_id: str, span_id: str) -> Ref | None:
        """A span of this batch (the server half of a shared id first) or a remembered one;
        :class:`_Missing` when neither and more spans may come."""
        here = self.index.get(span_id) if trace_id == self.spans[0].trace_id else None
        if here:
            return next((s for s in here if s.kind is not SpanKind.CLIENT), here[0])
        found = self.lookup(trace_id, span_id)
        if found is None and not self.final:
            raise _Missing
        return found

    def caller(self, span: Span) -> Ref | None:
        """The span that called this server span, or None for a root; raises _Missing."""
        for twin in self.index.get(span.span_id, ()):
            if twin.kind is SpanKind.CLIENT:  # B3: client and server halves share an id
                return twin
        parent_id = span.parent_id
        for _ in range(_MAX_DEPTH):
            if parent_id is None:
                return self._linked(span)
            parent = self.find(span.trace_id, parent_id)
            if parent is None:
                return None
            if parent.kind is SpanKind.CLIENT or parent.service != span.service:
                return parent
            if parent.kind is SpanKind.SERVER:
                raise _Nested
            parent_id = parent.parent_id
        return None

    def _linked(self, span: Span) -> Ref | None:
        for link in span.links:
            found = self.find(link.trace_id, link.span_id)
            if found is not None and found.service != span.service:
                return found
        return None

    # -- the cases -------------------------------------------------------------------
    def _server(self, span: Span) -> None:
        try:
            caller = self.caller(span)
        except _Nested:  # a second server span of one request (double instrumentation)
            return
        caller_attrs = caller.attributes if isinstance(caller, Span) else {}
        if caller is None:
            named = span.attributes.get("peer.service")  # Zipkin's remote endpoint
            source = peers.service(str(named)) if named else peers.USER_NODE
        else:
            source = peers.service(caller.service)
        timed = span
        if caller is not None:
            self._claim(caller)
        # One answer: the caller's view of the call (its time, its error); several
        # (retries): each attempt's own.
        if isinstance(caller, Span) and caller.kind is SpanKind.CLIENT:
            timed = caller if self.answers.get(caller.span_id) == 1 else span
        kind = details.call_kind(span.attributes, caller_attrs)
        detail = details.call_detail(kind, span.attributes, caller_attrs)
        error = span.error or (timed is not span and timed.error)
        served = detail[0][1] if detail else None
        self._emit(source, peers.service(span.service), kind, timed, error, detail, served)

    def _claim(self, caller: Ref) -> None:
        """Mark the caller and the client spans around it in its service as answered:
        nested client spans (``requests`` over ``urllib3``) or a local span between the
        client and the call must not also count as calls to an uninstrumented peer."""
        current: Ref | None = caller
        for _ in range(_MAX_DEPTH):
            if current is None or current.kind is SpanKind.SERVER:
                return
            if current.kind is SpanKind.CLIENT:
                self.matched.add(current.span_id)
            parent = self.index.get(current.parent_id or "")
            current = parent[0] if parent and parent[0].service == caller.service else None

    def _attribute_call(self, span: Span) -> bool:
        """Database and messaging client spans: the attributes name the other end."""
        if span.kind not in (SpanKind.CLIENT, SpanKind.INTERNAL):
            return False
        store = peers.datastore(span.attributes)
        if store is not None:
            node, kind = store
            detail = details.db_detail(span.attributes)
            self._emit(peers.service(span.service), node, kind, span, span.error, detail)
            return True
        if span.kind is SpanKind.CLIENT and peers.is_messaging(span.attributes):
            if peers.is_publish(span.attributes):
                self._publish(span)
            else:
                self._consume(span)
            return True
        return False

    def _publish(self, span: Span) -> None:
        queue = peers.queue(span.attributes)
        if queue is not None:
            detail = details.messaging_detail(span.attributes, queue.name)
            self._emit(
                peers.service(span.service), queue, EdgeKind.PUBLISH, span, span.error, detail
            )

    def _consume(self, span: Span) -> None:
        queue = peers.queue(span.attributes, or_system=False) or self._producer_queue(span)
        queue = queue or peers.queue(span.attributes)
        if queue is not None:
            detail = details.messaging_detail(span.attributes, queue.name)
            self._emit(
                peers.service(span.service), queue, EdgeKind.CONSUME, span, span.error, detail
            )

    def _producer_queue(self, span: Span) -> NodeRef | None:
        """The queue of the producer this consumer span follows, by parent or link."""
        candidates = [(span.trace_id, span.parent_id)] if span.parent_id else []
        candidates += [(link.trace_id, link.span_id) for link in span.links]
        for trace_id, span_id in candidates:
            found = self.find(trace_id, span_id)
            if isinstance(found, Stub) and found.queue is not None:
                return found.queue
            if isinstance(found, Span) and found.kind is SpanKind.PRODUCER:
                return peers.queue(found.attributes)
        return None

    def _unanswered(self, span: Span) -> None:
        """A client span no server span answered: wait, or call an uninstrumented peer (the
        innermost of nested client spans stands for them all)."""
        if span.span_id in self.wrappers:
            return
        if not self.final:
            self.out.waiting.append(span)
            return
        peer = peers.remote_peer(span.attributes)
        if peer is not None:
            kind = details.call_kind(span.attributes)
            detail = details.call_detail(kind, span.attributes)
            self._emit(peers.service(span.service), peer, kind, span, span.error, detail)

    def _emit(
        self,
        source: NodeRef,
        target: NodeRef,
        kind: EdgeKind,
        span: Span,
        error: bool,
        detail: Detail,
        served: str | None = None,
    ) -> None:
        start, duration = span.start_ns, span.duration_ns
        self.out.observations.append(
            Observation(source, target, kind, span.trace_id, start, duration, error, detail, served)
        )


class _Nested(Exception):
    """The server span sits inside another server span of the same service."""
