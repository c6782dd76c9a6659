"""A lean message class for ``ExportTraceServiceRequest``: the same wire format, fewer
fields, and attributes left as raw bytes.

Protobuf lets a length-delimited field be read as ``bytes`` instead of as the message it
holds. Declaring span attributes (``KeyValue``, field 9) and links (field 13) that way makes
each attribute one bytes object instead of two message wrappers and a field read per value;
the raw bytes are also a ready-made hashable key for memoising what servicemap derives from
an attribute set. Fields servicemap never reads (names, events, trace state, ...) are not
declared and stay unparsed unknown fields.

Status and links are raw bytes too: a request repeats a few distinct statuses, each parsed
once with the real class, and whether a span has links is all the fast path asks. What this
class leaves unparsed is not validated; :mod:`scanner.traces.proto_batch` says what is and
why. Field numbers are those of ``opentelemetry/proto/trace/v1/
trace.proto`` and ``.../collector/trace/v1/trace_service.proto`` (stable since OTLP 1.0).
"""

from __future__ import annotations

from functools import cache
from typing import Any

_PACKAGE = "servicemap.lean"
# message -> (field name, number, type, repeated, message type name)
_MESSAGES: dict[str, tuple[tuple[str, int, str, bool, str | None], ...]] = {
    "Request": (("resource_spans", 1, "message", True, "ResourceSpans"),),
    "ResourceSpans": (
        ("resource", 1, "message", False, "Resource"),
        ("scope_spans", 2, "message", True, "ScopeSpans"),
    ),
    "Resource": (("attributes", 1, "bytes", True, None),),
    "ScopeSpans": (("spans", 2, "message", True, "Span"),),
    "Span": (
        ("trace_id", 1, "bytes", False, None),
        ("span_id", 2, "bytes", False, None),
        ("parent_span_id", 4, "bytes", False, None),
        ("kind", 6, "int32", False, None),
        ("start_time_unix_nano", 7, "fixed64", False, None),
        ("end_time_unix_nano", 8, "fixed64", False, None),
        ("attributes", 9, "bytes", True, None),
        # Singular on purpose: of repeated links only the last is kept, which is enough to
        # tell whether a span has any (a request with links is parsed in full anyway).
        ("links", 13, "bytes", False, None),
        ("status", 15, "bytes", False, None),
    ),
}


@cache
def request_class() -> Any:  # a generated message class: its fields are dynamic
    """The lean request class, built on first use (protobuf loads only when needed)."""
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

    field = descriptor_pb2.FieldDescriptorProto
    types = {
        "message": field.TYPE_MESSAGE,
        "bytes": field.TYPE_BYTES,
        "int32": field.TYPE_INT32,
        "fixed64": field.TYPE_FIXED64,
    }
    proto = descriptor_pb2.FileDescriptorProto(
        name="servicemap_lean_trace.proto", package=_PACKAGE, syntax="proto3"
    )
    for name, fields in _MESSAGES.items():
        message = proto.message_type.add(name=name)
        for field_name, number, kind, repeated, type_name in fields:
            added = message.field.add(
                name=field_name,
                number=number,
                type=types[kind],
                label=field.LABEL_REPEATED if repeated else field.LABEL_OPTIONAL,
            )
            if type_name:
                added.type_name = f".{_PACKAGE}.{type_name}"
    pool = descriptor_pool.DescriptorPool()
    pool.Add(proto)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName(f"{_PACKAGE}.Request"))
