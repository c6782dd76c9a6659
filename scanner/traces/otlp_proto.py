"""OTLP protobuf: a binary ``ExportTraceServiceRequest``, as OTLP/HTTP carries it.

The generated classes come from the ``opentelemetry-proto`` package; they are imported on
first use so commands that never see protobuf do not pay for loading it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from scanner.traces.span import (
    UNKNOWN_SERVICE,
    AttrValue,
    Span,
    SpanKind,
    SpanLink,
    TraceFormatError,
)

if TYPE_CHECKING:
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
        ExportTraceServiceRequest,
    )
    from opentelemetry.proto.common.v1.common_pb2 import AnyValue, KeyValue
    from opentelemetry.proto.trace.v1.trace_pb2 import Span as ProtoSpan

    ProtoLink = ProtoSpan.Link

_KINDS = (
    SpanKind.INTERNAL,
    SpanKind.INTERNAL,
    SpanKind.SERVER,
    SpanKind.CLIENT,
    SpanKind.PRODUCER,
    SpanKind.CONSUMER,
)
_STATUS_ERROR = 2
_NO_ATTRIBUTES: Mapping[str, AttrValue] = MappingProxyType({})


def parse(data: bytes, message_class: Any = None) -> ExportTraceServiceRequest:
    """The request message; :class:`TraceFormatError` when the bytes are not one. With
    ``message_class``, parsed as that class instead (a lean one reading the same wire
    format, see :mod:`scanner.traces.lean_proto`)."""
    from google.protobuf.message import DecodeError
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
        ExportTraceServiceRequest,
    )

    request = (message_class or ExportTraceServiceRequest)()
    try:
        request.ParseFromString(data)
    except (DecodeError, ValueError) as exc:
        raise TraceFormatError(f"not an OTLP protobuf ExportTraceServiceRequest: {exc}") from exc
    if data and not request.resource_spans:
        raise TraceFormatError("not an OTLP protobuf ExportTraceServiceRequest: no resource spans")
    return request


def decode(data: bytes, *, keep: frozenset[str] | None = None) -> Iterator[Span]:
    """Every span of one binary request (with ``keep``: slim spans, see :func:`spans_of`)."""
    return spans_of(parse(data), keep=keep)


def spans_of(
    request: ExportTraceServiceRequest,
    rejects: list[str] | None = None,
    *,
    keep: frozenset[str] | None = None,
) -> Iterator[Span]:
    """Every span of a parsed request, in order; ids are validated as the spec sizes them.
    With ``rejects``, a span with bad ids is skipped and noted there instead of failing.
    With ``keep``, spans carry only those attributes and no name: the slim records the
    aggregator needs, built without touching fields it never reads (this loop runs once per
    span, so every field access counts)."""
    new = tuple.__new__
    slim = keep is not None
    for r, rs in enumerate(request.resource_spans):
        service = service_name(rs.resource.attributes)
        for s, ss in enumerate(rs.scope_spans):
            for i, span in enumerate(ss.spans):
                trace_id = span.trace_id.hex()
                span_id = span.span_id.hex()
                if len(trace_id) != 32 or len(span_id) != 16:
                    where = f"resource_spans[{r}].scope_spans[{s}].spans[{i}]"
                    problem = f"{where}: trace id must be 16 bytes and span id 8"
                    if rejects is None:
                        raise TraceFormatError(problem)
                    rejects.append(problem)
                    continue
                kind = span.kind
                kvs = span.attributes
                if not kvs:
                    attrs: Mapping[str, AttrValue] = _NO_ATTRIBUTES if slim else {}
                else:
                    attrs = attributes(kvs, keep)
                yield new(
                    Span,
                    (
                        trace_id,
                        span_id,
                        span.parent_span_id.hex() or None,
                        service,
                        _KINDS[kind] if 0 <= kind < 6 else SpanKind.INTERNAL,
                        "" if slim else span.name,
                        span.start_time_unix_nano,
                        span.end_time_unix_nano,
                        span.status.code == _STATUS_ERROR,
                        attrs,
                        links(span.links) if span.links else (),
                    ),
                )


def service_name(kvs: Iterable[KeyValue]) -> str:
    """The resource's ``service.name`` (the last one, as a later key overrides an earlier),
    interned: every span of the resource shares the one string."""
    service = UNKNOWN_SERVICE
    for kv in kvs:
        if kv.key == "service.name":
            service = kv.value.string_value or UNKNOWN_SERVICE
    return sys.intern(service)


def links(items: Iterable[ProtoLink]) -> tuple[SpanLink, ...]:
    return tuple(SpanLink(link.trace_id.hex(), link.span_id.hex()) for link in items)


def attributes(kvs: Iterable[KeyValue], keep: frozenset[str] | None = None) -> dict[str, AttrValue]:
    """A span's attributes as a mapping; with ``keep``, only those keys (others are skipped
    before their values are read)."""
    out: dict[str, AttrValue] = {}
    for kv in kvs:
        key = kv.key
        if keep is not None and key not in keep:
            continue
        value = kv.value
        text = value.string_value  # most attributes are strings: read them first, it's hot
        if text or value.WhichOneof("value") == "string_value":
            out[key] = text
            continue
        found = _value(value)
        if found is not None:
            out[key] = found
    return out


def _value(v: AnyValue) -> AttrValue | None:
    which = v.WhichOneof("value")
    if which == "string_value":
        return v.string_value
    if which == "int_value":
        return v.int_value
    if which == "bool_value":
        return v.bool_value
    if which == "double_value":
        return v.double_value
    if which == "array_value":
        items = (_value(item) for item in v.array_value.values)
        return ",".join(str(item) for item in items if item is not None)
    return None
