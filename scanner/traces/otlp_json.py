"""OTLP/JSON: one ``ExportTraceServiceRequest`` as the JSON protobuf mapping writes it.

Accepts the spec's lowerCamelCase keys and the snake_case keys some exporters write (the
original proto field names), enum values as numbers or names (``2`` or ``SPAN_KIND_SERVER``),
64-bit integers as numbers or strings, and hex or base64 ids. The pre-1.0
``instrumentationLibrarySpans`` key is read too, since old Collector dumps still carry it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

from scanner.traces import ids
from scanner.traces.jsonshape import JsonObject, array, integer, obj, scalar, text
from scanner.traces.span import (
    UNKNOWN_SERVICE,
    AttrValue,
    Span,
    SpanKind,
    SpanLink,
    TraceFormatError,
)

_KINDS = {
    0: SpanKind.INTERNAL,
    1: SpanKind.INTERNAL,
    2: SpanKind.SERVER,
    3: SpanKind.CLIENT,
    4: SpanKind.PRODUCER,
    5: SpanKind.CONSUMER,
}
_KIND_NAMES = {f"SPAN_KIND_{k.name}": k for k in SpanKind} | {
    "SPAN_KIND_UNSPECIFIED": SpanKind.INTERNAL
}
_KIND_LIST = (
    SpanKind.INTERNAL,
    SpanKind.INTERNAL,
    SpanKind.SERVER,
    SpanKind.CLIENT,
    SpanKind.PRODUCER,
    SpanKind.CONSUMER,
)
_INTERNAL = SpanKind.INTERNAL
_ERROR_CODES = (2, "2", "STATUS_CODE_ERROR")
_HEX32 = re.compile(r"[0-9a-fA-F]{32}").fullmatch
_HEX16 = re.compile(r"[0-9a-fA-F]{16}").fullmatch
_ZERO32 = "0" * 32
_ZERO16 = "0" * 16
_new = tuple.__new__
_VALUE_KEYS = {
    "stringValue": "s",
    "string_value": "s",
    "boolValue": "b",
    "bool_value": "b",
    "intValue": "i",
    "int_value": "i",
    "doubleValue": "d",
    "double_value": "d",
    "arrayValue": "a",
    "array_value": "a",
}


def is_otlp(doc: object) -> bool:
    return isinstance(doc, dict) and ("resourceSpans" in doc or "resource_spans" in doc)


def decode(
    doc: JsonObject,
    where: str = "",
    rejects: list[str] | None = None,
    *,
    keep: frozenset[str] | None = None,
) -> Iterator[Span]:
    """Every span of one request object. With ``rejects``, a malformed span is skipped and
    its problem appended there (OTLP's partial success) instead of failing the request.
    With ``keep``, spans carry only those attributes and no name."""
    for r, raw_rs in enumerate(
        array(_get(doc, "resourceSpans", "resource_spans"), "resourceSpans")
    ):
        at = f"{where}resourceSpans[{r}]"
        rs = obj(raw_rs, at)
        resource = obj(rs.get("resource") or {}, f"{at}.resource")
        res_attrs = attributes(resource.get("attributes"), f"{at}.resource.attributes")
        service = sys.intern(str(res_attrs.get("service.name") or UNKNOWN_SERVICE))
        scopes = _get(rs, "scopeSpans", "scope_spans") or _get(
            rs, "instrumentationLibrarySpans", "instrumentation_library_spans"
        )
        for s, raw_ss in enumerate(array(scopes, f"{at}.scopeSpans")):
            sat = f"{at}.scopeSpans[{s}]"
            for i, raw_span in enumerate(array(obj(raw_ss, sat).get("spans"), f"{sat}.spans")):
                found = _plain_span(raw_span, service, keep)
                if found is not None:
                    yield found
                    continue
                try:
                    yield _span(
                        obj(raw_span, f"{sat}.spans[{i}]"), service, f"{sat}.spans[{i}]", keep
                    )
                except TraceFormatError as exc:
                    if rejects is None:
                        raise
                    rejects.append(exc.message)


def _plain_span(d: object, service: str, keep: frozenset[str] | None) -> Span | None:
    """The span, when it is written the way the spec and nearly every exporter write it
    (hex ids, kind a number, times as strings or numbers, no links); else None, and
    :func:`_span` reads it field by field, naming the place of any problem. Runs once per
    span, so it builds no error locations and touches each field once."""
    if type(d) is not dict:
        return None
    get = d.get
    trace_id = get("traceId")
    span_id = get("spanId")
    parent_id = get("parentSpanId")
    if (
        type(trace_id) is not str
        or type(span_id) is not str
        or not _HEX32(trace_id)
        or not _HEX16(span_id)
        or trace_id == _ZERO32
        or span_id == _ZERO16
    ):
        return None
    links = get("links")
    if links is not None and (type(links) is not list or links):
        return None
    if parent_id is None and get("parent_span_id") is not None:
        return None  # the snake_case name: the slow path reads either
    if parent_id is None or parent_id == "":
        parent = None
    elif type(parent_id) is str and _HEX16(parent_id):
        parent = None if parent_id == _ZERO16 else parent_id.lower()
    else:
        return None
    kind = get("kind")
    if kind is None:
        span_kind = _INTERNAL
    elif type(kind) is int and 0 <= kind <= 5:
        span_kind = _KIND_LIST[kind]
    else:
        return None
    name = get("name")
    if name is not None and type(name) is not str:
        return None
    start = get("startTimeUnixNano")
    end = get("endTimeUnixNano")
    start_ns = int(start) if type(start) is str and start.isdecimal() else start
    end_ns = int(end) if type(end) is str and end.isdecimal() else end
    if type(start_ns) is not int or type(end_ns) is not int:
        return None
    status = get("status")
    if not status:
        error = False
    elif type(status) is dict:
        error = status.get("code") in _ERROR_CODES
    else:
        return None
    raw_attrs = get("attributes")
    if raw_attrs is None:
        attrs: dict[str, AttrValue] = {}
    elif type(raw_attrs) is list:
        found = plain_attributes(raw_attrs, keep)
        if found is None:
            return None
        attrs = found
    else:
        return None
    return _new(
        Span,
        (
            trace_id.lower(),
            span_id.lower(),
            parent,
            service,
            span_kind,
            "" if keep is not None or name is None else name,
            start_ns,
            end_ns,
            error,
            attrs,
            (),
        ),
    )


def plain_attributes(kvs: list[object], keep: frozenset[str] | None) -> dict[str, AttrValue] | None:
    """Attributes whose values are all well formed (else None: the slow path names the
    problem); string values, most of them, are read inline."""
    out: dict[str, AttrValue] = {}
    for kv in kvs:
        if type(kv) is not dict:
            return None
        key = kv.get("key")
        value = kv.get("value")
        if type(key) is not str:
            return None
        if type(value) is dict and len(value) == 1:
            text_value = value.get("stringValue")
            if type(text_value) is str:
                if key and (keep is None or key in keep):
                    out[key] = text_value
                continue
        try:
            found = _any_value(value, "")
        except TraceFormatError:
            return None
        if key and found is not None and (keep is None or key in keep):
            out[key] = found
    return out


def _span(d: JsonObject, service: str, at: str, keep: frozenset[str] | None = None) -> Span:
    status = obj(d.get("status") or {}, f"{at}.status")
    return Span(
        trace_id=ids.trace_id(
            text(_get(d, "traceId", "trace_id"), f"{at}.traceId"), f"{at}.traceId"
        ),
        span_id=ids.span_id(text(_get(d, "spanId", "span_id"), f"{at}.spanId"), f"{at}.spanId"),
        parent_id=ids.parent_id(
            text(_get(d, "parentSpanId", "parent_span_id"), f"{at}.parentSpanId"),
            f"{at}.parentSpanId",
        ),
        service=service,
        kind=_kind(d.get("kind"), f"{at}.kind"),
        name="" if keep is not None else text(d.get("name"), f"{at}.name"),
        start_ns=integer(
            _get(d, "startTimeUnixNano", "start_time_unix_nano"), f"{at}.startTimeUnixNano"
        ),
        end_ns=integer(_get(d, "endTimeUnixNano", "end_time_unix_nano"), f"{at}.endTimeUnixNano"),
        error=status.get("code") in (2, "2", "STATUS_CODE_ERROR"),
        attributes=attributes(d.get("attributes"), f"{at}.attributes", keep),
        links=tuple(_links(d.get("links"), f"{at}.links")),
    )


def attributes(
    value: object, where: str, keep: frozenset[str] | None = None
) -> dict[str, AttrValue]:
    """OTLP ``KeyValue`` list as a plain mapping; unknown value types are dropped. With
    ``keep``, only those keys are kept (all are still checked)."""
    out: dict[str, AttrValue] = {}
    for i, raw in enumerate(array(value, where)):
        kv = obj(raw, f"{where}[{i}]")
        key = text(kv.get("key"), f"{where}[{i}].key")
        found = _any_value(kv.get("value"), f"{where}[{i}].value")
        if key and found is not None and (keep is None or key in keep):
            out[key] = found
    return out


def _any_value(value: object, where: str) -> AttrValue | None:
    if value is None:
        return None
    for key, raw in obj(value, where).items():
        tag = _VALUE_KEYS.get(key)
        if tag == "i":
            return integer(raw, where)
        if tag == "d":
            return _float(raw, where)
        if tag == "a":
            values = array(obj(raw, where).get("values"), f"{where}.values")
            items = [_any_value(v, f"{where}.values") for v in values]
            return ",".join(str(v) for v in items if v is not None)
        if tag is not None:
            return scalar(raw)
    return None


def _float(raw: object, where: str) -> float:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return float(raw)
    if isinstance(raw, str):
        try:
            return float(raw)
        except ValueError:
            pass
    raise TraceFormatError(f"{where}: expected a number, got {raw!r}")


def _links(value: object, where: str) -> Iterator[SpanLink]:
    for i, raw in enumerate(array(value, where)):
        link = obj(raw, f"{where}[{i}]")
        at = f"{where}[{i}]"
        yield SpanLink(
            ids.trace_id(text(_get(link, "traceId", "trace_id"), f"{at}.traceId"), f"{at}.traceId"),
            ids.span_id(text(_get(link, "spanId", "span_id"), f"{at}.spanId"), f"{at}.spanId"),
        )


def _kind(value: object, where: str) -> SpanKind:
    if value is None:
        return SpanKind.INTERNAL
    if isinstance(value, str) and value in _KIND_NAMES:
        return _KIND_NAMES[value]
    found = (
        _KINDS.get(integer(value, where)) if not isinstance(value, str) or value.isdigit() else None
    )
    if found is None:
        raise TraceFormatError(f"{where}: unknown span kind {value!r}")
    return found


def get_either(d: JsonObject, camel: str, snake: str) -> object:
    """``d[camel]``, or ``d[snake]`` when that is absent or null."""
    return _get(d, camel, snake)


def _get(d: JsonObject, camel: str, snake: str) -> object:
    found = d.get(camel)
    return d.get(snake) if found is None else found
