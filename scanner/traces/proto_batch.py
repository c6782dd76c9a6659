"""One OTLP protobuf request read column by column, for the fast ingestion path.

Reading a field of a protobuf message from Python costs a bytecode dispatch and an attribute
lookup; at a million spans that is most of an ingest. Here the fields every span needs are
fetched for a whole scope at once by ``map`` over an ``operator.attrgetter`` (the loop runs
in C), into parallel lists: ids stay raw bytes, kinds stay integers. The message objects are
kept only while the batch is derived (for attributes, read only for the spans that need them,
and for spans handed to the general path); :meth:`ProtoBatch.release` drops them so a batch
remembered for later lookups does not pin the whole decoded request.
"""

from __future__ import annotations

from itertools import chain, repeat
from operator import add, attrgetter
from typing import TYPE_CHECKING

from scanner.traces import otlp_proto
from scanner.traces.derive import Stub
from scanner.traces.semconv import READ
from scanner.traces.span import AttrValue, Span, SpanKind

if TYPE_CHECKING:
    from collections.abc import Mapping

    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
        ExportTraceServiceRequest,
    )
    from opentelemetry.proto.common.v1.common_pb2 import KeyValue
    from opentelemetry.proto.trace.v1.trace_pb2 import Span as ProtoSpan

_ROW = attrgetter(
    "trace_id",
    "span_id",
    "parent_span_id",
    "kind",
    "start_time_unix_nano",
    "end_time_unix_nano",
    "status.code",
)
_LINKS = attrgetter("links")
_ATTRIBUTES = attrgetter("attributes")
_KEY = attrgetter("key")
_TEXT = attrgetter("value.string_value")
Items = tuple[tuple[str, AttrValue], ...]
"""A span's attributes as (key, value) pairs in order: hashable, so facts derived from
them can be memoised (most spans repeat a few attribute sets)."""
_KINDS = (
    SpanKind.INTERNAL,
    SpanKind.INTERNAL,
    SpanKind.SERVER,
    SpanKind.CLIENT,
    SpanKind.PRODUCER,
    SpanKind.CONSUMER,
)
_STATUS_ERROR = 2
_NO_ATTRIBUTES: Mapping[str, AttrValue] = {}


class ProtoBatch:
    """Parallel columns of one request's spans, in request order; ``keys`` maps trace id +
    span id bytes to the span's position (None when two spans share one)."""

    __slots__ = (
        "ends",
        "errors",
        "items",
        "kinds",
        "messages",
        "parent_ids",
        "positions",
        "services",
        "span_ids",
        "starts",
        "trace_ids",
    )

    def __init__(self, request: ExportTraceServiceRequest) -> None:
        rows: list[tuple[bytes, bytes, bytes, int, int, int, int]] = []
        messages: list[ProtoSpan] = []
        services: list[str] = []
        for rs in request.resource_spans:
            service = otlp_proto.service_name(rs.resource.attributes)
            for ss in rs.scope_spans:
                spans = ss.spans
                rows.extend(map(_ROW, spans))
                messages.extend(spans)
                services.extend(repeat(service, len(spans)))
        columns = list(zip(*rows, strict=True)) if rows else [()] * 7
        self.trace_ids: tuple[bytes, ...] = columns[0]
        self.span_ids: tuple[bytes, ...] = columns[1]
        self.parent_ids: tuple[bytes, ...] = columns[2]
        self.kinds: tuple[int, ...] = columns[3]
        self.starts: tuple[int, ...] = columns[4]
        self.ends: tuple[int, ...] = columns[5]
        self.errors = [code == _STATUS_ERROR for code in columns[6]]
        self.services = services
        self.messages: list[ProtoSpan] | None = messages
        self.items = _items(messages)
        keys = map(add, self.trace_ids, self.span_ids)
        positions = dict(zip(keys, range(len(rows)), strict=True))
        self.positions = positions if len(positions) == len(rows) else None

    def __len__(self) -> int:
        return len(self.services)

    def well_formed(self) -> bool:
        """Whether every id has the size the spec gives (else the general decoder reports
        which span is wrong)."""
        return all(len(t) == 16 for t in self.trace_ids) and all(len(s) == 8 for s in self.span_ids)

    def has_links(self) -> bool:
        return self.messages is not None and any(map(len, map(_LINKS, self.messages)))

    def attributes(self, i: int) -> Mapping[str, AttrValue]:
        """The attributes servicemap reads, of the span at position ``i``."""
        assert self.messages is not None, "read after release"
        kvs = self.messages[i].attributes
        return otlp_proto.attributes(kvs, READ) if kvs else _NO_ATTRIBUTES

    def span(self, i: int, trace_hex: str) -> Span:
        """The span at position ``i`` as a general-path record (slim attributes, no name)."""
        assert self.messages is not None, "read after release"
        message = self.messages[i]
        kind = self.kinds[i]
        return Span(
            trace_hex,
            self.span_ids[i].hex(),
            self.parent_ids[i].hex() or None,
            self.services[i],
            _KINDS[kind] if 0 <= kind < 6 else SpanKind.INTERNAL,
            "",
            self.starts[i],
            self.ends[i],
            self.errors[i],
            self.attributes(i),
            otlp_proto.links(message.links) if message.links else (),
        )

    def stub(self, trace_hex: str, span_hex: str) -> Stub | None:
        """A remembered client or server span of this batch, for a later batch's lookup."""
        try:
            key = bytes.fromhex(trace_hex) + bytes.fromhex(span_hex)
        except ValueError:
            return None
        i = self.positions.get(key) if self.positions is not None else None
        if i is None or self.kinds[i] not in (2, 3):
            return None
        return Stub(
            span_hex,
            self.parent_ids[i].hex() or None,
            self.services[i],
            _KINDS[self.kinds[i]],
            self.errors[i],
            None,
        )

    def release(self) -> None:
        """Forget what later lookups do not read: the message objects (and with them the
        decoded request) and the times."""
        self.messages = None
        self.starts = self.ends = ()
        self.items = []


def _items(messages: list[ProtoSpan]) -> list[Items]:
    """Every span's attributes as pairs. Keys and string values of the whole batch are
    fetched in C (``map`` over attrgetters); only a span with an empty string among its
    values (an int, bool, double or array attribute, or a real empty string) has its
    values read one by one."""
    lists = list(map(_ATTRIBUTES, messages))
    kvs = list(chain.from_iterable(lists))
    keys = list(map(_KEY, kvs))
    texts = list(map(_TEXT, kvs))
    out: list[Items] = []
    start = 0
    for count in map(len, lists):
        if not count:
            out.append(())
            continue
        end = start + count
        values = texts[start:end]
        if "" in values:
            out.append(_exact(kvs[start:end]))
        else:
            out.append(tuple(zip(keys[start:end], values, strict=True)))
        start = end
    return out


def _exact(kvs: list[KeyValue]) -> Items:
    return tuple(otlp_proto.attributes(kvs).items())
