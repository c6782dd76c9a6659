"""Naming the other end of a span that has no span of its own: databases, queues, and
uninstrumented HTTP or gRPC peers.

The best attribute wins, in the order the brief's naming conventions give: ``peer.service``,
then the host (``server.address`` and its older names, or the host of the URL), then
``network.peer.address:port``, then for databases ``db.namespace`` and finally
``db.system``. A peer named by ``peer.service`` is a service (someone named it so); a peer
known only by host or address is an external node.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import NamedTuple
from urllib.parse import urlsplit

from catalog_api.model import ROOT_CALLER_NAME, EdgeKind, NodeKind
from scanner.traces import semconv as sc
from scanner.traces.semconv import Attrs

_TECHNOLOGY = {
    "postgresql": "postgres",
    "mariadb": "mysql",
    "mongodb": "mongodb",
    "mssql": "sqlserver",
    "microsoft.sql_server": "sqlserver",
    "aws.dynamodb": "dynamodb",
    "opensearch": "elasticsearch",
}
_CACHES = frozenset({"redis", "memcached"})
_QUEUE_TECHNOLOGY = {"aws_sqs": "sqs", "aws.sqs": "sqs", "gcp_pubsub": "pubsub"}


class NodeRef(NamedTuple):
    """Enough to create a node: kind, name and (for datastores and queues) technology."""

    kind: NodeKind
    name: str
    technology: str | None = None


_SERVICES: dict[str, NodeRef] = {}


def service(name: str) -> NodeRef:
    """The service node named ``name`` (one shared ref per name: called for every span)."""
    found = _SERVICES.get(name)
    if found is None:
        found = NodeRef(NodeKind.SERVICE, name)
        if len(_SERVICES) < 100_000:
            _SERVICES[name] = found
    return found


USER_NODE = NodeRef(NodeKind.EXTERNAL, ROOT_CALLER_NAME)


def host(attrs: Attrs) -> str | None:
    """The peer's host name: ``server.address`` and its old names, else the URL's host."""
    found = sc.first(attrs, sc.SERVER_ADDRESS)
    if found is None and (url := sc.first(attrs, sc.URL_FULL)):
        found = urlsplit(url).hostname
    return found


def address(attrs: Attrs) -> str | None:
    """``network.peer.address:port`` (or the older ``net.peer.ip``), port when known."""
    found = sc.first(attrs, sc.PEER_ADDRESS)
    port = sc.first(attrs, sc.PEER_PORT)
    return None if found is None else f"{found}:{port}" if port else found


def remote_peer(attrs: Attrs) -> NodeRef | None:
    """The uninstrumented target of an HTTP or RPC client span, or None when unnamed."""
    if named := sc.first(attrs, sc.PEER_SERVICE):
        return service(named)
    found = host(attrs) or address(attrs)
    return None if found is None else NodeRef(NodeKind.EXTERNAL, found)


def datastore(attrs: Attrs) -> tuple[NodeRef, EdgeKind] | None:
    """The database a client span talks to and the edge kind (``cache`` for Redis and
    memcached); None when the span has no ``db.*`` system and no S3 bucket."""
    if bucket := sc.first(attrs, sc.S3_BUCKET):
        return NodeRef(NodeKind.DATASTORE, bucket, "s3"), EdgeKind.DB
    system = sc.first(attrs, sc.DB_SYSTEM)
    if system is None:
        return None
    tech = _TECHNOLOGY.get(system, system)
    namespace = sc.first(attrs, sc.DB_NAMESPACE)
    if tech == "sqlite" and namespace:
        name = PurePosixPath(namespace.replace("\\", "/")).name
    else:
        name = (
            sc.first(attrs, sc.PEER_SERVICE) or host(attrs) or address(attrs) or namespace or tech
        )
    kind = EdgeKind.CACHE if tech in _CACHES else EdgeKind.DB
    return NodeRef(NodeKind.DATASTORE, name, tech), kind


def is_messaging(attrs: Attrs) -> bool:
    return sc.has_any(attrs, sc.MESSAGING_SYSTEM) or sc.has_any(attrs, sc.MESSAGING_DESTINATION)


def queue(attrs: Attrs, *, or_system: bool = True) -> NodeRef | None:
    """The queue, topic or exchange a producer or consumer span names, if it names one.

    RabbitMQ's default exchange (empty name) routes by routing key, so the key names the
    queue; Zipkin's remote service (``peer.service``) stands in for brokers it names. With
    ``or_system``, a span naming no destination falls back to its messaging system.
    """
    system = sc.first(attrs, sc.MESSAGING_SYSTEM)
    name = sc.first(attrs, sc.MESSAGING_DESTINATION)
    if system == "rabbitmq" and name in (None, "amq.default"):
        name = sc.first(attrs, sc.RABBITMQ_ROUTING_KEY) or name
    name = name or sc.first(attrs, sc.PEER_SERVICE) or (system if or_system else None)
    if name is None:
        return None
    tech = _QUEUE_TECHNOLOGY.get(system, system) if system else None
    return NodeRef(NodeKind.QUEUE, name, tech)


def is_publish(attrs: Attrs) -> bool:
    """Whether a messaging client span sends (else it receives)."""
    operation = sc.first(attrs, sc.MESSAGING_OPERATION) or "publish"
    return operation not in ("receive", "process", "deliver", "settle")
