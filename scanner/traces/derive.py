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

This runs once per span of every ingest, so the hot paths avoid what is cheap elsewhere but
adds up here: enum members are module constants (reading ``SpanKind.CLIENT`` looks it up on
the class every time), spans are indexed by id in one dict with a second one only for the
rare ids several spans share, and each call goes straight to the aggregator's ``record``
instead of through an intermediate record.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

from catalog_api.model import EdgeKind
from scanner.traces import details, peers
from scanner.traces.details import Detail
from scanner.traces.peers import NodeRef
from scanner.traces.span import AttrValue, Span, SpanKind

_MAX_DEPTH = 64
_SERVER = SpanKind.SERVER
_CLIENT = SpanKind.CLIENT
_PRODUCER = SpanKind.PRODUCER
_CONSUMER = SpanKind.CONSUMER
_INTERNAL = SpanKind.INTERNAL
_PUBLISH = EdgeKind.PUBLISH
_CONSUME = EdgeKind.CONSUME
_NO_ATTRS: Mapping[str, AttrValue] = {}


class Stub(NamedTuple):
    """What is remembered of a span after its trace was resolved, for late children, retries
    and links from other traces."""

    span_id: str
    parent_id: str | None
    service: str
    kind: SpanKind
    error: bool
    queue: NodeRef | None


Ref = Span | Stub
Lookup = Callable[[str, str], Stub | None]
"""Finds a remembered span by (trace id, span id)."""
Record = Callable[[NodeRef, NodeRef, EdgeKind, str, int, int, bool, Detail, "str | None"], None]
"""Takes one call on one edge: source, target, kind, trace id, start and duration (ns),
error, detail, and the route or method the target serves (None when not a served call)."""


def stub(span: Span) -> Stub:
    is_producer = span.kind is _PRODUCER
    queue = peers.queue(span.attributes) if is_producer else None
    return Stub(span.span_id, span.parent_id, span.service, span.kind, span.error, queue)


class _Missing(Exception):
    """A span this one depends on has not been seen (yet)."""


class _Nested(Exception):
    """The server span sits inside another server span of the same service."""


def resolve(spans: list[Span], lookup: Lookup, record: Record, *, final: bool) -> list[Span]:
    """Hand each call of one trace's spans to ``record``; return the spans still waiting.
    Not ``final``: spans whose counterpart may still arrive wait instead of being resolved
    as unpaired."""
    return _Trace(spans, lookup, record, final).run()


class _Trace:
    __slots__ = (
        "answers",
        "final",
        "first",
        "lookup",
        "matched",
        "record",
        "spans",
        "trace_id",
        "twins",
        "waiting",
        "wrappers",
    )

    def __init__(self, spans: list[Span], lookup: Lookup, record: Record, final: bool) -> None:
        self.spans = spans
        self.trace_id = spans[0].trace_id
        self.lookup = lookup
        self.record = record
        self.final = final
        first: dict[str, Span] = {}  # span id -> its first span
        twins: dict[str, list[Span]] | None = None  # ids several spans share (Zipkin B3)
        answers: dict[str, int] = {}  # client span id -> server spans answering it
        for span in spans:
            span_id = span.span_id
            if span_id in first:
                if twins is None:
                    twins = {}
                group = twins.get(span_id)
                if group is None:
                    twins[span_id] = [first[span_id], span]
                else:
                    group.append(span)
            else:
                first[span_id] = span
            if span.kind is _SERVER and (parent_id := span.parent_id) is not None:
                answers[parent_id] = answers.get(parent_id, 0) + 1
        for span_id, group in (twins or {}).items():  # a B3 server half answers its client
            shared = sum(1 for s in group if s.kind is _SERVER and s.parent_id != span_id)
            if shared:
                answers[span_id] = answers.get(span_id, 0) + shared
        self.first = first
        self.twins = twins
        self.answers = answers
        self.matched: set[str] = set()
        self.wrappers: set[str] = set()  # client spans with a client span of theirs inside
        self.waiting: list[Span] = []

    def run(self) -> list[Span]:
        clients: list[Span] = []
        first = self.first
        wrappers = self.wrappers
        for span in self.spans:
            kind = span.kind
            try:
                if kind is _SERVER:
                    self._server(span)
                elif kind is _CLIENT:
                    parent_id = span.parent_id
                    if parent_id is not None:
                        outer = first.get(parent_id)
                        if (
                            outer is not None
                            and outer.kind is _CLIENT
                            and outer.service == span.service
                        ):
                            wrappers.add(parent_id)
                    if not self._attribute_call(span, kind):
                        clients.append(span)
                elif kind is _INTERNAL:
                    self._attribute_call(span, kind)
                elif kind is _PRODUCER:
                    self._publish(span)
                else:
                    self._consume(span)
            except _Missing:
                self.waiting.append(span)
        matched = self.matched
        for client in clients:
            if client.span_id not in matched:
                self._unanswered(client)
        return self.waiting

    # -- finding spans ---------------------------------------------------------------
    def find(self, trace_id: str, span_id: str) -> Ref | None:
        """A span of this batch (the server half of a shared id first) or a remembered one;
        :class:`_Missing` when neither and more spans may come."""
        if trace_id == self.trace_id:
            group = self.twins.get(span_id) if self.twins is not None else None
            if group:
                return next((s for s in group if s.kind is not _CLIENT), group[0])
            here = self.first.get(span_id)
            if here is not None:
                return here
        found = self.lookup(trace_id, span_id)
        if found is None and not self.final:
            raise _Missing
        return found

    def caller(self, span: Span) -> Ref | None:
        """The span that called this server span, or None for a root; raises _Missing."""
        if self.twins is not None:
            for twin in self.twins.get(span.span_id, ()):
                if twin.kind is _CLIENT:  # B3: client and server halves share an id
                    return twin
        parent_id = span.parent_id
        for _ in range(_MAX_DEPTH):
            if parent_id is None:
                return self._linked(span) if span.links else None
            parent = self.find(span.trace_id, parent_id)
            if parent is None:
                return None
            if parent.kind is _CLIENT or parent.service != span.service:
                return parent
            if parent.kind is _SERVER:
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
        attrs = span.attributes
        timed = span
        if caller is None:
            named = attrs.get("peer.service")  # Zipkin's remote endpoint
            source = peers.service(str(named)) if named else peers.USER_NODE
            caller_attrs = _NO_ATTRS
        else:
            source = peers.service(caller.service)
            self._claim(caller)
            if isinstance(caller, Span):
                caller_attrs = caller.attributes
                # One answer: the caller's view of the call (its time, its error); several
                # (retries): each attempt's own.
                if caller.kind is _CLIENT and self.answers.get(caller.span_id) == 1:
                    timed = caller
            else:
                caller_attrs = _NO_ATTRS
        kind = details.call_kind(attrs, caller_attrs)
        detail = details.call_detail(kind, attrs, caller_attrs)
        error = span.error or (timed is not span and timed.error)
        served = detail[0][1] if detail else None
        self._emit(source, peers.service(span.service), kind, timed, error, detail, served)

    def _claim(self, caller: Ref) -> None:
        """Mark the caller and the client spans around it in its service as answered:
        nested client spans (``requests`` over ``urllib3``) or a local span between the
        client and the call must not also count as calls to an uninstrumented peer."""
        current: Ref | None = caller
        service = caller.service
        first = self.first
        for _ in range(_MAX_DEPTH):
            if current is None or current.kind is _SERVER:
                return
            if current.kind is _CLIENT:
                self.matched.add(current.span_id)
            parent_id = current.parent_id
            parent = first.get(parent_id) if parent_id is not None else None
            current = parent if parent is not None and parent.service == service else None

    def _attribute_call(self, span: Span, kind: SpanKind) -> bool:
        """Database and messaging client (or local) spans: the attributes name the other
        end."""
        attrs = span.attributes
        if not attrs:
            return False
        store = peers.datastore(attrs)
        if store is not None:
            node, edge_kind = store
            detail = details.db_detail(attrs)
            self._emit(peers.service(span.service), node, edge_kind, span, span.error, detail)
            return True
        if kind is _CLIENT and peers.is_messaging(attrs):
            if peers.is_publish(attrs):
                self._publish(span)
            else:
                self._consume(span)
            return True
        return False

    def _publish(self, span: Span) -> None:
        queue = peers.queue(span.attributes)
        if queue is not None:
            detail = details.messaging_detail(span.attributes, queue.name)
            self._emit(peers.service(span.service), queue, _PUBLISH, span, span.error, detail)

    def _consume(self, span: Span) -> None:
        queue = peers.queue(span.attributes, or_system=False) or self._producer_queue(span)
        queue = queue or peers.queue(span.attributes)
        if queue is not None:
            detail = details.messaging_detail(span.attributes, queue.name)
            self._emit(peers.service(span.service), queue, _CONSUME, span, span.error, detail)

    def _producer_queue(self, span: Span) -> NodeRef | None:
        """The queue of the producer this consumer span follows, by parent or link."""
        candidates = [(span.trace_id, span.parent_id)] if span.parent_id else []
        candidates += [(link.trace_id, link.span_id) for link in span.links]
        for trace_id, span_id in candidates:
            found = self.find(trace_id, span_id)
            if isinstance(found, Stub) and found.queue is not None:
                return found.queue
            if isinstance(found, Span) and found.kind is _PRODUCER:
                return peers.queue(found.attributes)
        return None

    def _unanswered(self, span: Span) -> None:
        """A client span no server span answered: wait, or call an uninstrumented peer (the
        innermost of nested client spans stands for them all)."""
        if span.span_id in self.wrappers:
            return
        if not self.final:
            self.waiting.append(span)
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
        start = span.start_ns
        duration = span.end_ns - start
        trace_id = span.trace_id
        self.record(source, target, kind, trace_id, start, max(duration, 0), error, detail, served)
