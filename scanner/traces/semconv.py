"""Semantic-convention attribute names, old and new, and typed lookups over them.

OpenTelemetry renamed many attributes (``net.peer.name`` became ``server.address``,
``db.name`` became ``db.namespace``, ...) and instrumentations in the wild write either
generation, Zipkin's and Jaeger's conventions a third. Each fact servicemap reads is one tuple
here, newest name first; the first one present wins.
"""

from __future__ import annotations

from collections.abc import Mapping

from scanner.traces.span import AttrValue

Attrs = Mapping[str, AttrValue]

PEER_SERVICE = ("peer.service",)
SERVER_ADDRESS = ("server.address", "net.peer.name", "http.host")
SERVER_PORT = ("server.port", "net.peer.port")
PEER_ADDRESS = ("network.peer.address", "net.sock.peer.addr", "net.peer.ip")
PEER_PORT = ("network.peer.port", "net.sock.peer.port", "net.peer.port")
URL_FULL = ("url.full", "http.url")
HTTP_METHOD = ("http.request.method", "http.method")
HTTP_ROUTE = ("http.route", "url.template")
URL_PATH = ("url.path", "http.target", "http.path")
RPC_SYSTEM = ("rpc.system.name", "rpc.system")
RPC_SERVICE = ("rpc.service",)
RPC_METHOD = ("rpc.method",)
DB_SYSTEM = ("db.system.name", "db.system")
DB_NAMESPACE = ("db.namespace", "db.name")
DB_TABLE = (
    "db.collection.name",
    "db.sql.table",
    "db.mongodb.collection",
    "db.cassandra.table",
    "aws.dynamodb.table_names",
)
S3_BUCKET = ("aws.s3.bucket",)
MESSAGING_SYSTEM = ("messaging.system",)
MESSAGING_DESTINATION = ("messaging.destination.name", "messaging.destination")
MESSAGING_OPERATION = ("messaging.operation.type", "messaging.operation")
RABBITMQ_ROUTING_KEY = (
    "messaging.rabbitmq.destination.routing_key",
    "messaging.rabbitmq.routing_key",
)
CELERY_TASK = ("celery.task_name",)


def first(attrs: Attrs, names: tuple[str, ...]) -> str | None:
    """The first of ``names`` present with a non-empty value, as a string."""
    for name in names:
        value = attrs.get(name)
        if value is not None and value != "":
            return str(value)
    return None


def has_any(attrs: Attrs, names: tuple[str, ...]) -> bool:
    return any(name in attrs for name in names)


READ = frozenset(
    name
    for names in (
        PEER_SERVICE,
        SERVER_ADDRESS,
        SERVER_PORT,
        PEER_ADDRESS,
        PEER_PORT,
        URL_FULL,
        HTTP_METHOD,
        HTTP_ROUTE,
        URL_PATH,
        RPC_SYSTEM,
        RPC_SERVICE,
        RPC_METHOD,
        DB_SYSTEM,
        DB_NAMESPACE,
        DB_TABLE,
        S3_BUCKET,
        MESSAGING_SYSTEM,
        MESSAGING_DESTINATION,
        MESSAGING_OPERATION,
        RABBITMQ_ROUTING_KEY,
        CELERY_TASK,
    )
    for name in names
)
"""Every attribute servicemap reads; spans kept waiting keep only these."""


def slim(attrs: Attrs) -> Attrs:
    """``attrs`` without what servicemap never reads (for spans held waiting)."""
    return {k: v for k, v in attrs.items() if k in READ}
