"""Which observed node is which static node: one test per rule, and the near misses."""

from __future__ import annotations

from catalog_api.merge import match_nodes
from catalog_api.merge.keys import Address, parse_address
from catalog_api.model import NodeKind
from tests.merge.graphs import graph_of, observed_node, static_node

S, D, Q, X = NodeKind.SERVICE, NodeKind.DATASTORE, NodeKind.QUEUE, NodeKind.EXTERNAL


def _matches(static: list, observed: list) -> dict[str, str]:  # type: ignore[type-arg]
    return dict(match_nodes(graph_of(static), graph_of(observed)).ids)


def test_nodes_match_when_ids_are_equal() -> None:
    found = _matches([static_node(S, "payments")], [observed_node(S, "payments")])
    assert found == {"service:payments": "service:payments"}


def test_service_matches_when_an_alias_names_the_observed_service() -> None:
    static = [static_node(S, "orders", aliases=["orders-service"]), static_node(S, "payments")]
    found = _matches(static, [observed_node(S, "orders-service")])
    assert found == {"service:orders-service": "service:orders"}


def test_names_match_when_case_and_separators_differ() -> None:
    static = [static_node(S, "orders", aliases=["orders-service"])]
    found = _matches(static, [observed_node(S, "Orders_Service"), observed_node(S, "ORDERS")])
    assert found == {
        "service:Orders_Service": "service:orders",
        "service:ORDERS": "service:orders",
    }


def test_datastore_matches_when_an_alias_carries_the_observed_address() -> None:
    static = [
        static_node(D, "orders-db", "postgres", aliases=["10.0.3.7:5432"]),
        static_node(D, "billing-db", "postgres", aliases=["10.0.3.8:5432"]),
    ]
    found = _matches(static, [observed_node(D, "10.0.3.7:5432", "postgresql")])
    assert found == {"datastore:10.0.3.7:5432": "datastore:orders-db"}


def test_datastore_matches_when_attributes_carry_host_and_port() -> None:
    static = [
        static_node(D, "orders-db", "postgres", attributes={"host": "10.0.3.7", "port": "5432"}),
        static_node(D, "cache", "redis", attributes={"host": "10.0.3.7", "port": "6379"}),
    ]
    found = _matches(static, [observed_node(D, "10.0.3.7:5432", "postgres")])
    assert found == {"datastore:10.0.3.7:5432": "datastore:orders-db"}


def test_datastore_matches_when_a_url_attribute_carries_the_address() -> None:
    static = [
        static_node(D, "orders-db", "postgres", attributes={"url": "postgresql://u@DB1:5432/o"}),
        static_node(D, "billing-db", "postgres", attributes={"url": "postgresql://u@db2:5432/b"}),
    ]
    found = _matches(static, [observed_node(D, "db1:5432", "postgres")])
    assert found == {"datastore:db1:5432": "datastore:orders-db"}


def test_peer_matches_by_host_when_the_static_side_gives_no_port() -> None:
    static = [static_node(D, "orders-db", "postgres"), static_node(D, "billing-db", "postgres")]
    found = _matches(static, [observed_node(D, "orders-db:5432", "postgres")])
    assert found == {"datastore:orders-db:5432": "datastore:orders-db"}


def test_external_peer_matches_a_service_when_its_host_is_the_service_url() -> None:
    static = [static_node(S, "payments", attributes={"url": "http://pay.internal:8080"})]
    found = _matches(static, [observed_node(X, "pay.internal")])
    assert found == {"external:pay.internal": "service:payments"}


def test_two_postgres_datastores_stay_apart_when_only_the_technology_agrees() -> None:
    static = [static_node(D, "orders-db", "postgres"), static_node(D, "billing-db", "postgres")]
    observed = [observed_node(D, "postgres", "postgres"), observed_node(D, "10.9.9.9:5432", "pg")]
    assert _matches(static, observed) == {}


def test_single_postgres_stays_apart_when_only_the_technology_agrees() -> None:
    static = [static_node(D, "orders-db", "postgres", attributes={"host": "10.0.3.7"})]
    assert _matches(static, [observed_node(D, "10.0.3.8:5432", "postgres")]) == {}


def test_nodes_stay_apart_when_technologies_differ() -> None:
    static = [static_node(Q, "events", "kafka"), static_node(D, "sessions", "redis")]
    observed = [observed_node(Q, "events", "rabbitmq"), observed_node(D, "sessions", "mongodb")]
    assert _matches(static, observed) == {}


def test_nodes_stay_apart_when_kinds_differ() -> None:
    static = [static_node(D, "orders", "postgres")]
    assert _matches(static, [observed_node(S, "orders")]) == {}


def test_address_stays_apart_when_its_port_is_another_nodes() -> None:
    static = [static_node(D, "cache", "redis", attributes={"host": "10.0.3.7", "port": "6379"})]
    assert _matches(static, [observed_node(X, "10.0.3.7:5432")]) == {}


def test_observed_node_is_left_apart_when_several_static_nodes_fit() -> None:
    static = [
        static_node(S, "orders", aliases=["api"]),
        static_node(S, "catalog", aliases=["API"]),
    ]
    matching = match_nodes(graph_of(static), graph_of([observed_node(S, "api")]))
    assert matching.ids == {}
    assert matching.ambiguous == {"service:api": ("service:catalog", "service:orders")}


def test_a_closer_rule_decides_when_a_looser_one_would_be_ambiguous() -> None:
    static = [
        static_node(D, "orders-db", "postgres", attributes={"host": "10.0.3.7", "port": "5432"}),
        static_node(D, "reports-db", "postgres", attributes={"host": "10.0.3.7", "port": "5433"}),
    ]
    found = _matches(static, [observed_node(D, "10.0.3.7:5433", "postgres")])
    assert found == {"datastore:10.0.3.7:5433": "datastore:reports-db"}


def test_trace_caller_stays_apart_when_a_service_is_called_user() -> None:
    static = [static_node(S, "user"), static_node(X, "User_")]
    assert _matches(static, [observed_node(X, "user")]) == {}


def test_addresses_parse_when_written_as_host_port_url_or_ipv6() -> None:
    assert parse_address("DB.internal:5432") == Address("db.internal", 5432)
    assert parse_address("redis://cache:6379/0") == Address("cache", 6379)
    assert parse_address("[fd00::7]:5432") == Address("fd00::7", 5432)
    assert parse_address("orders") == Address("orders")
    assert parse_address("not an address") is None
    assert parse_address("host:99999") is None
