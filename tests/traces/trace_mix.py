"""Seeded random OTLP protobuf requests with every shape the derivation knows, so the fast
(column) path and the general path can be fed the same files and compared.

Traces mix: root servers (some naming their caller by ``peer.service``), client -> server
hops over HTTP and gRPC, retries (two servers answering one client), nested client spans,
local spans between a server and its client, server spans inside server spans, server spans
called by another service's server span, database calls (ints and arrays among their
attributes), unanswered calls to external hosts, producers and consumers (some linked across
traces), and errors. Some traces are split over two files (the late half arrives next), some
files carry two spans with one id (Zipkin-style shared spans), some attributes have empty or
non-string values; spans are grouped by service the way SDK exporters write them.
Some split traces send the called spans first and their callers in the next file.
"""

from __future__ import annotations

import base64
import json
import random
from pathlib import Path

from google.protobuf import json_format
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.common.v1.common_pb2 import KeyValue
from opentelemetry.proto.trace.v1.trace_pb2 import Span

T0 = 1_764_356_000_000_000_000
SERVER, CLIENT, INTERNAL = Span.SPAN_KIND_SERVER, Span.SPAN_KIND_CLIENT, Span.SPAN_KIND_INTERNAL
PRODUCER, CONSUMER = Span.SPAN_KIND_PRODUCER, Span.SPAN_KIND_CONSUMER
Attr = str | int | bool | float | list[str]
_WORDS = ("red", "green", "blue", "apple", "pear", "fig", "plum", "kiwi", "lime", "date")


class _Trace:
    def __init__(self, rng: random.Random, services: int, number: int) -> None:
        self.rng = rng
        self.services = services
        self.trace_id = rng.getrandbits(128).to_bytes(16, "big")
        self.start = T0 + number * 1_000_000
        self.spans: list[tuple[str, Span]] = []

    def add(
        self, service: str, kind: int, parent: bytes, attrs: dict[str, Attr] | None = None
    ) -> bytes:
        span_id = self.rng.getrandbits(64).to_bytes(8, "big")
        start = self.start + self.rng.randrange(0, 50_000_000)
        span = Span(
            trace_id=self.trace_id,
            span_id=span_id,
            parent_span_id=parent,
            kind=kind,  # type: ignore[arg-type]
            name="op",
            start_time_unix_nano=start,
            end_time_unix_nano=start + self.rng.randrange(0, 80_000_000),
        )
        for key, value in (attrs or {}).items():
            span.attributes.append(_kv(key, value))
        if self.rng.random() < 0.1:
            span.status.code = 2  # type: ignore[assignment]
        self.spans.append((service, span))
        return span_id

    def service(self) -> str:
        return f"svc-{self.rng.randrange(self.services)}"


def _kv(key: str, value: Attr) -> KeyValue:
    kv = KeyValue(key=key)
    if isinstance(value, bool):
        kv.value.bool_value = value
    elif isinstance(value, int):
        kv.value.int_value = value
    elif isinstance(value, float):
        kv.value.double_value = value
    elif isinstance(value, list):
        for item in value:
            kv.value.array_value.values.add(string_value=item)
    else:
        kv.value.string_value = value
    return kv


def _hop(t: _Trace, caller: str, parent: bytes, depth: int, plain: bool) -> None:
    rng = t.rng
    callee = t.service()
    shape = rng.random()
    if plain and (0.2 <= shape < 0.24 or 0.4 <= shape < 0.52):
        shape = 0.9  # no local spans, external peers or messaging: every span pairs
    route = {"http.request.method": rng.choice(["GET", "POST"]), "http.route": f"/r{depth}"}
    if shape < 0.08:  # gRPC
        client = t.add(caller, CLIENT, parent, {"rpc.system": "grpc", "rpc.service": "pkg.S"})
        t.add(callee, SERVER, client, {"rpc.system": "grpc", "rpc.method": "Get"})
        return
    if shape < 0.14:  # retries: two attempts answer one client span
        client = t.add(caller, CLIENT, parent, {"server.address": callee})
        t.add(callee, SERVER, client, route)
        t.add(callee, SERVER, client, route)
        return
    if shape < 0.2:  # requests over urllib3: nested client spans
        outer = t.add(caller, CLIENT, parent, {"url.full": f"http://{callee}/x/{depth}"})
        inner = t.add(caller, CLIENT, outer, {"server.address": callee, "server.port": 8080})
        t.add(callee, SERVER, inner, route)
        return
    if shape < 0.24:  # a local span between the server and its client
        local = t.add(caller, INTERNAL, parent)
        client = t.add(caller, CLIENT, local, {"server.address": callee})
        t.add(callee, SERVER, client, route)
        return
    if shape < 0.27:  # a server span called straight by another service's server span
        t.add(callee, SERVER, parent, route)
        return
    if shape < 0.3:  # double instrumentation: a server span inside a server span
        client = t.add(caller, CLIENT, parent, {"server.address": callee})
        outer = t.add(callee, SERVER, client, route)
        t.add(callee, SERVER, outer, {"http.route": "/inner"})
        return
    if shape < 0.4:  # a database
        system = rng.choice(["postgresql", "redis", "mysql", "sqlite"])
        attrs: dict[str, Attr] = {"db.system": system, "db.name": f"db{depth % 3}"}
        attrs["server.address" if rng.random() < 0.5 else "network.peer.address"] = "10.0.0.7"
        attrs["server.port"] = 5432
        attrs["db.sql.table"] = ["orders", "items"] if rng.random() < 0.3 else "orders"
        t.add(caller, CLIENT, parent, attrs)
        return
    if shape < 0.46:  # an uninstrumented peer
        host = rng.choice(["api.stripe.com", "smtp.example.com", ""])
        attrs = {"url.full": f"https://{host}/v1/charges/{rng.randrange(9)}", "retry": True}
        t.add(caller, CLIENT, parent, attrs | {"timeout": 2.5})
        return
    if shape < 0.52:  # messaging
        topic = rng.choice(["orders", "emails"])
        messaging: dict[str, Attr] = {"messaging.system": "kafka"}
        producer = t.add(caller, PRODUCER, parent, messaging | {"messaging.destination": topic})
        t.add(callee, CONSUMER, producer, messaging)
        return
    if rng.random() < 0.4:  # a raw path: routes per edge and per node reach their caps
        route = {"url.path": f"/items/{rng.choice(_WORDS)}{rng.randrange(40)}"}
    client = t.add(caller, CLIENT, parent, {"server.address": callee, "http.method": "GET"})
    server = t.add(callee, SERVER, client, route)
    if depth < 3 and rng.random() < 0.5:
        _hop(t, callee, server, depth + 1, plain)


def traces(rng: random.Random, count: int, services: int, plain: bool) -> list[_Trace]:
    out = []
    for n in range(count):
        t = _Trace(rng, services, n)
        root_attrs: dict[str, Attr] = {"http.route": "/"}
        if rng.random() < 0.05:
            root_attrs["peer.service"] = "gateway"
        if rng.random() < 0.03:
            root_attrs["http.target"] = ""  # an empty string value
        entry = t.service()
        root = t.add(entry, SERVER, b"", root_attrs)
        for _ in range(rng.randrange(1, 4)):
            _hop(t, entry, root, 0, plain)
        out.append(t)
    return out


def write_files(
    folder: Path, *, seed: int, files: int, per_file: int, services: int, plain: bool = False
) -> list[Path]:
    """``files`` request files of about ``per_file`` traces each; returns their paths.
    ``plain``: only traces whose every span pairs, complete in one file, no shared ids or
    links (the fast path takes them all)."""
    rng = random.Random(seed)
    all_traces = traces(rng, files * per_file, services, plain)
    batches: list[list[tuple[str, Span]]] = [[] for _ in range(files)]
    for n, t in enumerate(all_traces):
        target = min(n // per_file, files - 1)
        spans = list(t.spans)
        if not plain and rng.random() < 0.1 and target + 1 < files and len(spans) > 1:
            cut = rng.randrange(1, len(spans))
            early, late = spans[:cut], spans[cut:]
            if rng.random() < 0.3:  # the callers arrive after the spans they called
                early, late = late, early
            batches[target + 1] += late
            spans = early
        batches[target] += spans
    if not plain:
        _link_some(rng, batches)
    paths = []
    for n, spans in enumerate(batches):
        if n % 4 == 3 and spans and not plain:  # a Zipkin-style shared id, every 4th file
            service, span = spans[0]
            twin = Span()
            twin.CopyFrom(span)
            twin.kind = CLIENT if span.kind == SERVER else SERVER  # type: ignore[assignment]
            spans.append((service, twin))
        path = folder / f"{n:03d}.pb"
        path.write_bytes(_request(spans).SerializeToString())
        paths.append(path)
    return paths


def _link_some(rng: random.Random, batches: list[list[tuple[str, Span]]]) -> None:
    """In every third file, one consumer span links to a producer of another trace."""
    for n, spans in enumerate(batches):
        producers = [s for _, s in spans if s.kind == PRODUCER]
        consumers = [s for _, s in spans if s.kind == CONSUMER]
        if n % 3 == 1 and producers and consumers:
            producer = rng.choice(producers)
            consumers[0].links.add(trace_id=producer.trace_id, span_id=producer.span_id)


def _request(spans: list[tuple[str, Span]]) -> ExportTraceServiceRequest:
    request = ExportTraceServiceRequest()
    scopes = {}
    for service, span in spans:
        if service not in scopes:
            resource_spans = request.resource_spans.add()
            resource_spans.resource.attributes.append(_kv("service.name", service))
            scopes[service] = resource_spans.scope_spans.add()
        scopes[service].spans.append(span)
    return request


def as_otlp_json(paths: list[Path]) -> list[Path]:
    """The same requests as OTLP/JSON files the way the spec writes them (hex ids, numeric
    enums, 64-bit integers as strings), one next to each protobuf file."""
    out = []
    for path in paths:
        request = ExportTraceServiceRequest.FromString(path.read_bytes())
        doc = json_format.MessageToDict(request, use_integers_for_enums=True)
        _hex_ids(doc)
        target = path.with_suffix(".json")
        target.write_text(json.dumps(doc))
        out.append(target)
    return out


def _hex_ids(value: object) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("traceId", "spanId", "parentSpanId") and isinstance(item, str):
                value[key] = base64.b64decode(item).hex()
            else:
                _hex_ids(item)
    elif isinstance(value, list):
        for item in value:
            _hex_ids(item)
