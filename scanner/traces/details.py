"""What an edge's detail lists from a span: routes, gRPC methods, tables, topics, queues.

Routes come from ``http.route`` (the server knows it best) or ``url.template``; when a span
has only a raw path, ids in it (numbers, UUIDs, long hex) become ``{id}`` so detail lists do
not grow with every order number.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from catalog_api.model import EdgeKind
from scanner.routes import template
from scanner.traces import semconv as sc
from scanner.traces.semconv import Attrs

Detail = tuple[tuple[str, str], ...]
"""(category, value) pairs, e.g. ``(("routes", "GET /orders/{id}"),)``."""

_ID_SEGMENT = re.compile(
    r"^(\d+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|[0-9a-fA-F]{16,})$"
)


# messaging systems whose destinations the scanner files under ``topics`` (a NATS subject is
# a topic there too), so static and observed edges list them alike
_TOPIC_SYSTEMS = frozenset({"kafka", "pulsar", "gcp_pubsub", "aws_sns", "nats"})


def call_kind(*attr_sets: Attrs) -> EdgeKind:
    """``grpc`` when any side says ``rpc.system=grpc``, ``rpc`` for other RPC systems (the
    AWS SDK's ``aws-api`` is HTTP underneath), else ``http``."""
    for attrs in attr_sets:
        system = sc.first(attrs, sc.RPC_SYSTEM)
        if system == "grpc":
            return EdgeKind.GRPC
        if system is not None and system != "aws-api":
            return EdgeKind.RPC
    return EdgeKind.HTTP


def call_detail(kind: EdgeKind, *attr_sets: Attrs) -> Detail:
    """Route or method of a call, from the first attribute set that names one."""
    for attrs in attr_sets:
        found = method(attrs) if kind is not EdgeKind.HTTP else route(attrs)
        if found:
            return ((("methods" if kind is not EdgeKind.HTTP else "routes"), found),)
    return ()


def route(attrs: Attrs) -> str | None:
    """``"GET /orders/{id}"``: the method (when known) and the route or templated path."""
    path = sc.first(attrs, sc.HTTP_ROUTE)
    if path is not None:
        path = template(path)  # the scanner's spelling, so merged edges list one route
    else:
        raw = sc.first(attrs, sc.URL_PATH)
        if raw is None and (url := sc.first(attrs, sc.URL_FULL)):
            raw = urlsplit(url).path or None
        if raw is None:
            return None
        path = "/".join(
            "{id}" if _ID_SEGMENT.match(part) else part for part in raw.split("?")[0].split("/")
        )
    verb = sc.first(attrs, sc.HTTP_METHOD)
    return f"{verb.upper()} {path}" if verb and verb != "_OTHER" else path


def method(attrs: Attrs) -> str | None:
    """``"pkg.Service/Method"`` from ``rpc.service`` and ``rpc.method`` (newer conventions
    put the full name in ``rpc.method``)."""
    name = sc.first(attrs, sc.RPC_METHOD)
    if name is None or "/" in name:
        return name
    owner = sc.first(attrs, sc.RPC_SERVICE)
    return f"{owner}/{name}" if owner else name


def db_detail(attrs: Attrs) -> Detail:
    tables = sc.first(attrs, sc.DB_TABLE)
    namespace = sc.first(attrs, sc.DB_NAMESPACE)
    out = [("tables", t) for t in (tables.split(",") if tables else [])]
    return (*out, *((("databases", namespace),) if namespace else ()))


def messaging_detail(attrs: Attrs, queue_name: str) -> Detail:
    """The destination under ``topics`` (Kafka and other topic systems) or ``queues``, and
    Celery task names under ``tasks``."""
    system = sc.first(attrs, sc.MESSAGING_SYSTEM)
    category = "topics" if system in _TOPIC_SYSTEMS else "queues"
    task = sc.first(attrs, sc.CELERY_TASK)
    return ((category, queue_name), *((("tasks", task),) if task else ()))
