"""Zipkin v2 JSON: a list of spans, as ``/api/v2/spans`` accepts and ``/api/v2/trace`` returns.

Zipkin's own conventions, as its dependency linker reads them: ``kind`` may be missing (a
span naming both a local and a remote service is then a client call, any other is local);
errors are the presence of the ``error`` tag; B3 client and server halves may share one span
id (``shared``), which the deriver pairs. The remote endpoint becomes peer attributes:
``peer.service`` from its service name, ``network.peer.address``/``network.peer.port`` from
its address, so an uninstrumented peer is named as with OpenTelemetry data.
"""

from __future__ import annotations

from collections.abc import Iterator

from scanner.traces import ids
from scanner.traces.jsonshape import JsonObject, array, integer, obj, scalar, text
from scanner.traces.span import UNKNOWN_SERVICE, AttrValue, Span, SpanKind

_US = 1000
_KINDS = {
    "CLIENT": SpanKind.CLIENT,
    "SERVER": SpanKind.SERVER,
    "PRODUCER": SpanKind.PRODUCER,
    "CONSUMER": SpanKind.CONSUMER,
}


def is_zipkin(doc: object) -> bool:
    if not isinstance(doc, list):
        return False
    return not doc or (isinstance(doc[0], dict) and "traceId" in doc[0])


def decode(doc: object) -> Iterator[Span]:
    """Every span of a Zipkin v2 span list."""
    for i, raw in enumerate(array(doc, "spans")):
        yield _span(obj(raw, f"[{i}]"), f"[{i}]")


def _span(d: JsonObject, at: str) -> Span:
    local = obj(d.get("localEndpoint") or {}, f"{at}.localEndpoint")
    remote = obj(d.get("remoteEndpoint") or {}, f"{at}.remoteEndpoint")
    service = text(local.get("serviceName"), f"{at}.localEndpoint.serviceName")
    tags = _tags(d.get("tags"), f"{at}.tags")
    tags.update(_peer(remote, f"{at}.remoteEndpoint"))
    start = integer(d.get("timestamp"), f"{at}.timestamp") * _US
    return Span(
        trace_id=ids.trace_id(text(d.get("traceId"), f"{at}.traceId"), f"{at}.traceId"),
        span_id=ids.span_id(text(d.get("id"), f"{at}.id"), f"{at}.id"),
        parent_id=ids.parent_id(text(d.get("parentId"), f"{at}.parentId"), f"{at}.parentId"),
        service=service or UNKNOWN_SERVICE,
        kind=_kind(text(d.get("kind"), f"{at}.kind"), bool(service), "peer.service" in tags),
        name=text(d.get("name"), f"{at}.name"),
        start_ns=start,
        end_ns=start + integer(d.get("duration"), f"{at}.duration") * _US,
        error="error" in tags,
        attributes=tags,
    )


def _kind(kind: str, has_local: bool, has_remote: bool) -> SpanKind:
    if kind:
        return _KINDS.get(kind.upper(), SpanKind.INTERNAL)
    # Zipkin's linker: a span without kind naming both sides is treated as a client call.
    return SpanKind.CLIENT if has_local and has_remote else SpanKind.INTERNAL


def _peer(remote: JsonObject, at: str) -> dict[str, AttrValue]:
    out: dict[str, AttrValue] = {}
    name = text(remote.get("serviceName"), f"{at}.serviceName")
    address = text(remote.get("ipv4"), f"{at}.ipv4") or text(remote.get("ipv6"), f"{at}.ipv6")
    if name:
        out["peer.service"] = name
    if address:
        out["network.peer.address"] = address
    if remote.get("port") is not None:
        out["network.peer.port"] = integer(remote.get("port"), f"{at}.port")
    return out


def _tags(value: object, where: str) -> dict[str, AttrValue]:
    out: dict[str, AttrValue] = {}
    for key, raw in obj(value or {}, where).items():
        found = scalar(raw)
        if found is not None:
            out[key] = found
    return out
