"""OTLP protobuf: a binary ``ExportTraceServiceRequest``, as OTLP/HTTP carries it.

The generated classes come from the ``opentelemetry-proto`` package; they are imported on
first use so commands that never see protobuf do not pay for loading it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

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


def parse(data: bytes) -> ExportTraceServiceRequest:
    """The request message; :class:`TraceFormatError` when the bytes are not one."""
    from google.protobuf.message import DecodeError
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
        ExportTraceServiceRequest,
    )

    request = ExportTraceServiceRequest()
    try:
        request.ParseFromString(data)
    except (DecodeError, ValueError) as exc:
        raise TraceFormatError(f"not an OTLP protobuf ExportTraceServiceRequest: {exc}") from exc
    if data and not request.resource_spans:
        raise TraceFormatError("not an OTLP protobuf ExportTraceServiceRequest: no resource spans")
    return request


def decode(data: bytes) -> Iterator[Span]:
    """Every span of one binary request."""
    return spans_of(parse(data))


def spans_of(
    request: ExportTraceServiceRequest, rejects: list[str] | None = None
) -> Iterator[Span]:
    """Every span of a parsed request, in order; ids are validated as the spec sizes them.
    With ``rejects``, a span with bad ids is skipped and noted there instead of failing."""
    for r, rs in enumerate(request.resource_spans):
        service = UNKNOWN_SERVICE
        for kv in rs.resource.attributes:
            if kv.key == "service.name":
                service = kv.value.string_value or UNKNOWN_SERVICE
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
                yield Span(
                    trace_id,
                    span_id,
                    span.parent_span_id.hex() or None,
                    service,
                    _KINDS[span.kind] if 0 <= span.kind < 6 else SpanKind.INTERNAL,
                    span.name,
                    span.start_time_unix_nano,
                    span.end_time_unix_nano,
                    span.status.code == _STATUS_ERROR,
                    attributes(span.attributes),
                    _links(span.links) if span.links else (),
                )


def _links(links: Iterable[ProtoLink]) -> tuple[SpanLink, ...]:
    return tuple(SpanLink(link.trace_id.hex(), link.span_id.hex()) for link in links)


def attributes(kvs: Iterable[KeyValue]) -> dict[str, AttrValue]:
    out: dict[str, AttrValue] = {}
    for kv in kvs:
        value = kv.value
        if value.WhichOneof("value") == "string_value":  # most attributes: inline, it's hot
            out[kv.key] = value.string_value
            continue
        found = _value(value)
        if found is not None:
            out[kv.key] = found
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
