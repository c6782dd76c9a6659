"""One OTLP protobuf request as a :class:`~scanner.traces.span_batch.SpanBatch`.

Reading a field of a protobuf message from Python costs a bytecode dispatch and an attribute
lookup; at a million spans that is most of an ingest. The request is read a second time with
the lean class of :mod:`scanner.traces.lean_proto` (attributes as raw bytes) and the fields
every span needs are fetched for a whole scope at once by ``map`` over an
``operator.attrgetter``: the loop runs in C. The full request (parsed first, so malformed
input fails exactly as in the general decoder) serves the spans handed to the general path
and is dropped by :meth:`ProtoBatch.release`, so a batch remembered for later lookups does
not pin it.
"""

from __future__ import annotations

from itertools import repeat
from operator import attrgetter, eq
from typing import TYPE_CHECKING

from scanner.traces import lean_proto, otlp_proto
from scanner.traces.semconv import READ
from scanner.traces.span import AttrValue, SpanLink
from scanner.traces.span_batch import NO_ATTRIBUTES, Items, SpanBatch

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
    "attributes",
    "links",
)
_STATUS_ERROR = 2


class ProtoBatch(SpanBatch):
    """The columns of one binary request; attributes are raw ``KeyValue`` encodings."""

    __slots__ = ("_messages", "request")

    def __init__(self, data: bytes, request: ExportTraceServiceRequest) -> None:
        """Columns of ``data``, already parsed (and so validated) as ``request``."""
        rows: list[tuple[bytes, bytes, bytes, int, int, int, int, Items, object]] = []
        services: list[str] = []
        for rs in lean_proto.request_class().FromString(data).resource_spans:
            service = otlp_proto.service_name(map(_key_value, rs.resource.attributes))
            for ss in rs.scope_spans:
                spans = ss.spans
                rows.extend(map(_ROW, spans))
                services.extend(repeat(service, len(spans)))
        columns = list(zip(*rows, strict=True)) if rows else [()] * 9
        super().__init__(
            columns[0],
            columns[1],
            columns[2],
            columns[3],
            services,
            (columns[4], columns[5]),
            list(map(eq, columns[6], repeat(_STATUS_ERROR))),
            list(map(tuple, columns[7])),
            any(map(len, columns[8])),
        )
        self.request: ExportTraceServiceRequest | None = request
        self._messages: list[ProtoSpan] | None = None

    def well_formed(self) -> bool:
        """Whether every id has the size the spec gives (else the general decoder reports
        which span is wrong)."""
        return set(map(len, self.trace_ids)) <= {16} and set(map(len, self.span_ids)) <= {8}

    def decode(self, items: Items) -> Mapping[str, AttrValue]:
        return decode_items(items)

    def attributes(self, i: int) -> Mapping[str, AttrValue]:
        kvs = self.messages()[i].attributes
        return otlp_proto.attributes(kvs, READ) if kvs else NO_ATTRIBUTES

    def links_of(self, i: int) -> tuple[SpanLink, ...]:
        links = self.messages()[i].links
        return otlp_proto.links(links) if links else ()

    def messages(self) -> list[ProtoSpan]:
        """The spans as full messages, in position order (for the general path)."""
        if self._messages is None:
            assert self.request is not None, "read after release"
            self._messages = [
                span
                for rs in self.request.resource_spans
                for ss in rs.scope_spans
                for span in ss.spans
            ]
        return self._messages

    def release(self) -> None:
        super().release()
        self.request = self._messages = None


def decode_items(items: Items) -> dict[str, AttrValue]:
    """The attributes behind raw ``KeyValue`` encodings (all of them, not only those
    servicemap reads: this runs once per distinct attribute set)."""
    from opentelemetry.proto.common.v1.common_pb2 import KeyValue

    kvs = (KeyValue.FromString(raw) for raw in items if isinstance(raw, bytes))
    return otlp_proto.attributes(kvs)


def _key_value(raw: bytes) -> KeyValue:
    from opentelemetry.proto.common.v1.common_pb2 import KeyValue

    return KeyValue.FromString(raw)
