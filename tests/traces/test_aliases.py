"""Old and new semantic-convention names of each attribute give the same graph."""

from __future__ import annotations

import pytest

from scanner.traces import SpanKind
from scanner.traces.span import AttrValue
from tests.traces.helpers import derive, edge, keys, span

C, S, P = SpanKind.CLIENT, SpanKind.SERVER, SpanKind.PRODUCER


@pytest.mark.parametrize(
    "attrs",
    [
        {"server.address": "search"},
        {"net.peer.name": "search"},
        {"http.host": "search"},
        {"url.full": "http://search:9200/q"},
        {"http.url": "http://search:9200/q"},
    ],
    ids=lambda a: next(iter(a)),
)
def test_peer_named_by_host_when_any_generation_of_host_attribute(
    attrs: dict[str, AttrValue],
) -> None:
    graph = derive(span("c1", "web", C, None, attrs))

    assert keys(graph) == {("service:web", "external:search", "http")}


@pytest.mark.parametrize(
    "attrs",
    [
        {"network.peer.address": "10.0.0.9", "network.peer.port": 8080},
        {"net.sock.peer.addr": "10.0.0.9", "net.sock.peer.port": 8080},
        {"net.peer.ip": "10.0.0.9", "net.peer.port": 8080},
    ],
    ids=lambda a: next(iter(a)),
)
def test_peer_named_by_address_and_port_when_any_generation_of_address(
    attrs: dict[str, AttrValue],
) -> None:
    graph = derive(span("c1", "web", C, None, attrs))

    assert keys(graph) == {("service:web", "external:10.0.0.9:8080", "http")}


def test_peer_service_wins_when_host_is_also_known() -> None:
    graph = derive(
        span("c1", "web", C, None, {"peer.service": "search", "server.address": "10.0.0.9"})
    )

    assert keys(graph) == {("service:web", "service:search", "http")}


@pytest.mark.parametrize(
    ("system", "namespace", "table"),
    [
        ("db.system.name", "db.namespace", "db.collection.name"),
        ("db.system", "db.name", "db.sql.table"),
        ("db.system", "db.name", "db.mongodb.collection"),
    ],
)
def test_datastore_read_when_any_generation_of_db_attributes(
    system: str, namespace: str, table: str
) -> None:
    graph = derive(
        span("c1", "orders", C, None, {system: "postgresql", namespace: "shop", table: "orders"})
    )

    db = edge(graph, "service:orders", "datastore:shop", "db")  # named by namespace: no host
    assert db.detail == {"tables": frozenset({"orders"}), "databases": frozenset({"shop"})}


def test_datastore_named_by_system_when_nothing_else_names_it() -> None:
    graph = derive(span("c1", "orders", C, None, {"db.system.name": "mongodb"}))

    assert keys(graph) == {("service:orders", "datastore:mongodb", "db")}


@pytest.mark.parametrize(
    ("method", "route", "path"),
    [
        ("http.request.method", "http.route", "url.path"),
        ("http.method", "http.route", "http.target"),
        ("http.method", "url.template", "http.path"),
    ],
)
def test_route_read_when_any_generation_of_http_attributes(
    method: str, route: str, path: str
) -> None:
    graph = derive(
        span("c1", "web", C, None, {method: "GET", path: "/users/42"}),
        span("s1", "users", S, "c1", {method: "GET", route: "/users/{uid}"}),
    )

    call = edge(graph, "service:web", "service:users", "http")
    assert call.detail == {"routes": frozenset({"GET /users/{uid}"})}


def test_route_templated_when_only_a_raw_path_is_known() -> None:
    graph = derive(
        span(
            "s1",
            "users",
            S,
            None,
            {"http.method": "DELETE", "http.target": "/users/42/keys/9f86d081884c7d65"},
        )
    )

    call = edge(graph, "external:user", "service:users", "http")
    assert call.detail == {"routes": frozenset({"DELETE /users/{id}/keys/{id}"})}


@pytest.mark.parametrize("destination", ["messaging.destination.name", "messaging.destination"])
def test_queue_named_when_any_generation_of_destination(destination: str) -> None:
    graph = derive(span("p1", "api", P, None, {"messaging.system": "kafka", destination: "events"}))

    assert keys(graph) == {("service:api", "queue:events", "publish")}


@pytest.mark.parametrize("system", ["rpc.system", "rpc.system.name"])
def test_grpc_edge_when_any_generation_of_rpc_system(system: str) -> None:
    graph = derive(
        span(
            "c1",
            "web",
            C,
            None,
            {system: "grpc", "rpc.method": "shop.Cart/Add", "server.address": "cart"},
        )
    )

    call = edge(graph, "service:web", "external:cart", "grpc")
    assert call.detail == {"methods": frozenset({"shop.Cart/Add"})}


def test_queue_named_by_routing_key_when_rabbitmq_default_exchange() -> None:
    attrs: dict[str, AttrValue] = {
        "messaging.system": "rabbitmq",
        "messaging.destination.name": "",
        "messaging.rabbitmq.destination.routing_key": "emails",
    }
    graph = derive(span("p1", "api", P, None, attrs))

    assert keys(graph) == {("service:api", "queue:emails", "publish")}
