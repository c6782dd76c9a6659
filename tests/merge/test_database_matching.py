"""Matching by database name: a trace's ``db.namespace`` names the database, the scan names
the server holding it. One match when exactly one datastore of the technology holds it."""

from __future__ import annotations

from catalog_api.graph import ServiceGraph
from catalog_api.merge import drift, match_nodes, merge
from catalog_api.model import EdgeKind, Node, NodeKind, Provenance
from tests.merge.graphs import (
    code_edge,
    datastore,
    graph_of,
    observed_node,
    service,
    static_node,
    traffic_edge,
)

S, D = NodeKind.SERVICE, NodeKind.DATASTORE


def scanned(*stores: Node, databases: dict[str, str] | None = None) -> ServiceGraph:
    """Service ``api`` using each store; ``databases`` maps a store's name to the database
    code opens on it (in the edge's ``databases`` detail)."""
    graph = graph_of([static_node(S, "api"), *stores])
    for line, store in enumerate(stores, start=1):
        used = (databases or {}).get(store.name)
        extra = {"databases": [used]} if used else {}
        graph.add_edge(
            code_edge(service("api"), store.id, EdgeKind.DB, f"api/db.py:{line}", **extra)
        )
    return graph


def traced(name: str, technology: str | None, database: str) -> ServiceGraph:
    """Service ``api`` calling a database peer the trace named ``name``."""
    graph = graph_of([observed_node(S, "api"), observed_node(D, name, technology)], "traces.json")
    graph.add_edge(
        traffic_edge(service("api"), datastore(name), EdgeKind.DB, 40, "t1", databases=[database])
    )
    return graph


def matches(static: ServiceGraph, observed: ServiceGraph) -> dict[str, str]:
    found = match_nodes(static, observed).ids
    return {k: v for k, v in found.items() if k != service("api")}


ORDERS_DB = static_node(D, "orders-db", "postgres")
BILLING_DB = static_node(D, "billing-db", "postgres")


def test_datastore_matches_when_the_traced_database_is_one_code_opens_on_it() -> None:
    static = scanned(
        ORDERS_DB, BILLING_DB, databases={"orders-db": "orders", "billing-db": "bills"}
    )
    found = matches(static, traced("orders", "postgresql", "orders"))
    assert found == {"datastore:orders": "datastore:orders-db"}


def test_datastore_matches_when_its_attributes_name_the_database() -> None:
    static = scanned(static_node(D, "orders-db", "postgres", attributes={"databases": "a,orders"}))
    found = matches(static, traced("orders", "postgres", "orders"))
    assert found == {"datastore:orders": "datastore:orders-db"}


def test_datastore_matches_when_the_namespace_is_qualified_as_the_conventions_say() -> None:
    static = scanned(ORDERS_DB, databases={"orders-db": "orders"})
    assert matches(static, traced("orders.public", "postgresql", "orders.public")) == {
        "datastore:orders.public": "datastore:orders-db"
    }
    sql_server = scanned(static_node(D, "mssql", "sqlserver"), databases={"mssql": "orders"})
    assert matches(sql_server, traced("main|orders", "mssql", "main|orders")) == {
        "datastore:main|orders": "datastore:mssql"
    }


def test_peer_named_by_address_matches_by_database_when_no_address_is_known_statically() -> None:
    static = scanned(
        ORDERS_DB, BILLING_DB, databases={"orders-db": "orders", "billing-db": "bills"}
    )
    found = matches(static, traced("10.0.3.7:5432", "postgresql", "orders"))
    assert found == {"datastore:10.0.3.7:5432": "datastore:orders-db"}


def test_datastores_stay_apart_when_their_ports_disagree() -> None:
    static = scanned(
        static_node(D, "orders-db", "postgres", attributes={"port": "5432", "host": "orders-db"}),
        databases={"orders-db": "orders"},
    )
    assert matches(static, traced("10.0.3.7:6432", "postgresql", "orders")) == {}


def test_datastores_stay_apart_when_their_ip_addresses_disagree() -> None:
    static = scanned(
        static_node(D, "orders-db", "postgres", aliases=["10.0.3.8"]),
        databases={"orders-db": "orders"},
    )
    assert matches(static, traced("10.0.3.7:5432", "postgresql", "orders")) == {}


def test_datastores_stay_apart_when_technologies_differ() -> None:
    static = scanned(static_node(D, "orders-db", "mysql"), databases={"orders-db": "orders"})
    assert matches(static, traced("orders", "postgresql", "orders")) == {}


def test_datastores_stay_apart_when_the_observed_technology_is_unknown() -> None:
    static = scanned(ORDERS_DB, databases={"orders-db": "orders"})
    assert matches(static, traced("orders", None, "orders")) == {}


def test_datastores_stay_apart_when_the_static_technology_is_unknown() -> None:
    static = scanned(static_node(D, "orders-db"), databases={"orders-db": "orders"})
    assert matches(static, traced("orders", "postgresql", "orders")) == {}


def test_only_the_datastore_of_the_traced_technology_matches_when_names_repeat() -> None:
    static = scanned(
        static_node(D, "pg", "postgres"),
        static_node(D, "my", "mysql"),
        databases={"pg": "app", "my": "app"},
    )
    assert matches(static, traced("app", "postgresql", "app")) == {"datastore:app": "datastore:pg"}


def test_observed_database_kept_apart_and_reported_when_two_servers_hold_it() -> None:
    static = scanned(ORDERS_DB, BILLING_DB, databases={"orders-db": "app", "billing-db": "app"})
    observed = traced("app", "postgresql", "app")
    merged = merge(static, observed)
    assert merged.node("datastore:app") is not None
    assert [d.code for d in merged.diagnostics] == ["ambiguous-match"]
    report = drift(static, observed)
    assert [(a.observed, a.candidates) for a in report.ambiguous] == [
        ("datastore:app", ("datastore:billing-db", "datastore:orders-db"))
    ]


def test_merged_datastore_has_both_provenances_and_the_traffic_when_matched_by_database() -> None:
    static = scanned(ORDERS_DB, databases={"orders-db": "orders"})
    merged = merge(static, traced("orders", "postgresql", "orders"))
    assert [n.id for n in merged.nodes(D)] == ["datastore:orders-db"]
    node = merged.node("datastore:orders-db")
    assert node is not None and "orders" in node.aliases
    assert {Provenance.CONFIG, Provenance.TRACE} <= node.provenance
    edge = merged.edge(service("api"), datastore("orders-db"), EdgeKind.DB)
    assert edge is not None and edge.traffic is not None and edge.traffic.calls == 40
    assert drift(static, traced("orders", "postgresql", "orders")).in_both == 1
