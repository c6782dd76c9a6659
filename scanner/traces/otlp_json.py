"""OTLP/JSON: one ``ExportTraceServiceRequest`` as the JSON protobuf mapping writes it.

Accepts the spec's lowerCamelCase keys and the snake_case keys some exporters write (the
original proto field names), enum values as numbers or names (``2`` or ``SPAN_KIND_SERVER``),
64-bit integers as numbers or strings, and hex or base64 ids. The pre-1.0
``instrumentationLibrarySpans`` key is read too, since old Collector dumps still carry it.
"""

from __future__ import annotations

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


def decode(doc: JsonObject, where: str = "", rejects: list[str] | None = None) -> Iterator[Span]:
    """Every span of one request object. With ``rejects``, a malformed span is skipped and
    its problem appended there (OTLP's partial success) instead of failing the request."""
    for r, raw_rs in enumerate(
        array(_get(doc, "resourceSpans", "resource_spans"), "resourceSpans")
    ):
        at = f"{where}resourceSpans[{r}]"
        rs = obj(raw_rs, at)
        resource = obj(rs.get("resource") or {}, f"{at}.resource")
        res_attrs = attributes(resource.get("attributes"), f"{at}.resource.attributes")
        service = str(res_attrs.get("service.name") or UNKNOWN_SERVICE)
        scopes = _get(rs, "scopeSpans", "scope_spans") or _get(
            rs, "instrumentationLibrarySpans", "instrumentation_library_spans"
        )
        for s, raw_ss in enumerate(array(scopes, f"{at}.scopeSpans")):
            sat = f"{at}.scopeSpans[{s}]"
            for i, raw_span in enumerate(array(obj(raw_ss, sat).get("spans"), f"{sat}.spans")):
                try:
                    yield _span(obj(raw_span, f"{sat}.spans[{i}]"), service, f"{sat}.spans[{i}]")
                except TraceFormatError as exc:
                    if rejects is None:
                        raise
                    rejects.append(exc.message)


def _span(d: JsonObject, service: str, at: str) -> Span:
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
        name=text(d.get("name"), f"{at}.name"),
        start_ns=integer(
            _get(d, "startTimeUnixNano", "start_time_unix_nano"), f"{at}.startTimeUnixNano"
        ),
        end_ns=integer(_get(d, "endTimeUnixNano", "end_time_unix_nano"), f"{at}.endTimeUnixNano"),
        error=status.get("code") in (2, "2", "STATUS_CODE_ERROR"),
        attributes=attributes(d.get("attributes"), f"{at}.attributes"),
        links=tuple(_links(d.get("links"), f"{at}.links")),
    )


def attributes(value: object, where: str) -> dict[str, AttrValue]:
    """OTLP ``KeyValue`` list as a plain mapping; unknown value types are dropped."""
    out: dict[str, AttrValue] = {}
    for i, raw in enumerate(array(value, where)):
        kv = obj(raw, f"{where}[{i}]")
        key = text(kv.get("key"), f"{where}[{i}].key")
        found = _any_value(kv.get("value"), f"{where}[{i}].value")
        if key and found is not None:
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


def _get(d: JsonObject, camel: str, snake: str) -> object:
    found = d.get(camel)
    return d.get(snake) if found is None else found
