"""Jaeger JSON: the UI's "Download JSON" and the query API's ``{"data": [trace, ...]}``.

A trace holds ``spans`` and a ``processes`` table naming each span's service. Times are
microseconds. The parent is the first ``CHILD_OF`` reference (or the legacy ``parentSpanID``),
else the first ``FOLLOWS_FROM`` one, which OpenTracing also treats as a parent; any other
``FOLLOWS_FROM`` references become links, as the OpenTelemetry-to-Jaeger translation writes
span links. The kind comes from the ``span.kind`` tag and errors from ``error=true`` or
``otel.status_code=ERROR``.
"""

from __future__ import annotations

from collections.abc import Iterator

from scanner.traces import ids
from scanner.traces.jsonshape import JsonObject, array, integer, obj, scalar, text
from scanner.traces.span import UNKNOWN_SERVICE, AttrValue, Span, SpanKind, SpanLink

_US = 1000
_KIND_VALUES = frozenset(k.value for k in SpanKind)


def is_jaeger(doc: object) -> bool:
    if isinstance(doc, dict):
        return isinstance(doc.get("data"), list) or ("spans" in doc and "processes" in doc)
    return (
        isinstance(doc, list) and bool(doc) and isinstance(doc[0], dict) and "processes" in doc[0]
    )


def decode(doc: object) -> Iterator[Span]:
    """Every span of every trace in the document."""
    if isinstance(doc, dict) and "data" in doc:
        traces, where = array(doc["data"], "data"), "data"
    elif isinstance(doc, list):
        traces, where = doc, ""
    else:
        traces, where = [doc], ""
    for t, raw in enumerate(traces):
        at = f"{where}[{t}]"
        trace = obj(raw, at)
        services = _services(obj(trace.get("processes") or {}, f"{at}.processes"), at)
        for i, span in enumerate(array(trace.get("spans"), f"{at}.spans")):
            yield _span(obj(span, f"{at}.spans[{i}]"), services, f"{at}.spans[{i}]")


def _services(processes: JsonObject, at: str) -> dict[str, str]:
    return {
        key: text(obj(p, f"{at}.processes.{key}").get("serviceName"), f"{at}.processes.{key}")
        or UNKNOWN_SERVICE
        for key, p in processes.items()
    }


def _span(d: JsonObject, services: dict[str, str], at: str) -> Span:
    trace_id = ids.trace_id(text(d.get("traceID"), f"{at}.traceID"), f"{at}.traceID")
    tags = _tags(d.get("tags"), f"{at}.tags")
    parent, links = _references(d, trace_id, at)
    process = d.get("process")
    if isinstance(process, dict):
        service = text(process.get("serviceName"), f"{at}.process.serviceName")
    else:
        service = services.get(text(d.get("processID"), f"{at}.processID"), UNKNOWN_SERVICE)
    start = integer(d.get("startTime"), f"{at}.startTime") * _US
    kind = str(tags.pop("span.kind", "internal")).lower()
    return Span(
        trace_id=trace_id,
        span_id=ids.span_id(text(d.get("spanID"), f"{at}.spanID"), f"{at}.spanID"),
        parent_id=parent,
        service=service or UNKNOWN_SERVICE,
        kind=SpanKind(kind) if kind in _KIND_VALUES else SpanKind.INTERNAL,
        name=text(d.get("operationName"), f"{at}.operationName"),
        start_ns=start,
        end_ns=start + integer(d.get("duration"), f"{at}.duration") * _US,
        error=tags.get("error") in (True, "true") or tags.get("otel.status_code") == "ERROR",
        attributes=tags,
        links=links,
    )


def _references(d: JsonObject, trace_id: str, at: str) -> tuple[str | None, tuple[SpanLink, ...]]:
    parent = ids.parent_id(text(d.get("parentSpanID"), f"{at}.parentSpanID"), f"{at}.parentSpanID")
    child_of: list[SpanLink] = []
    follows: list[SpanLink] = []
    for i, raw in enumerate(array(d.get("references"), f"{at}.references")):
        ref = obj(raw, f"{at}.references[{i}]")
        where = f"{at}.references[{i}]"
        link = SpanLink(
            ids.trace_id(text(ref.get("traceID"), f"{where}.traceID") or trace_id, where),
            ids.span_id(text(ref.get("spanID"), f"{where}.spanID"), f"{where}.spanID"),
        )
        (child_of if ref.get("refType", "CHILD_OF") == "CHILD_OF" else follows).append(link)
    if parent is None and child_of:
        parent = child_of[0].span_id
    elif parent is None and follows and follows[0].trace_id == trace_id:
        parent = follows.pop(0).span_id
    return parent, tuple(follows)


def _tags(value: object, where: str) -> dict[str, AttrValue]:
    out: dict[str, AttrValue] = {}
    for i, raw in enumerate(array(value, where)):
        tag = obj(raw, f"{where}[{i}]")
        key = text(tag.get("key"), f"{where}[{i}].key")
        found = scalar(tag.get("value"))
        if key and found is not None:
            out[key] = (
                found == "true" if tag.get("type") == "bool" and isinstance(found, str) else found
            )
    return out
