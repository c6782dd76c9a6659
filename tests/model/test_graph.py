from __future__ import annotations

import pytest

from catalog_api.graph import ServiceGraph
from catalog_api.model import (
    Edge,
    EdgeKind,
    Evidence,
    Node,
    NodeKind,
    Provenance,
    Traffic,
    detail_of,
    node_id,
)


def _service(name: str, **kw: object) -> Node:
    return Node(kind=NodeKind.SERVICE, name=name, **kw)  # type: ignore[arg-type]


def test_node_id_is_kind_and_name_when_built() -> None:
    assert node_id(NodeKind.DATASTORE, "orders-db") == "datastore:orders-db"
    assert _service("orders").id == "service:orders"


def test_adding_a_node_twice_merges_aliases_routes_and_evidence() -> None:
    graph = ServiceGraph()
    graph.add_node(_service("orders", aliases=frozenset({"orders-svc"}), technology="fastapi"))
    graph.add_node(
        _service(
            "orders",
            aliases=frozenset({"orders", "orders-api"}),
            routes=frozenset({"GET /orders"}),
            evidence=frozenset({Evidence(path="a.py", line=3)}),
        )
    )
    node = graph.node("service:orders")
    assert node is not None
    assert node.aliases == {"orders-svc", "orders-api"}  # its own name is never an alias
    assert node.routes == {"GET /orders"}
    assert node.technology == "fastapi"
    assert len(graph) == 1


def test_adding_an_edge_twice_merges_evidence_provenance_and_detail() -> None:
    graph = ServiceGraph()
    graph.add_node(_service("gateway"))
    graph.add_node(_service("orders"))
    first = Edge(
        "service:gateway",
        "service:orders",
        EdgeKind.HTTP,
        provenance=frozenset({Provenance.STATIC}),
        evidence=frozenset({Evidence(path="g.py", line=1)}),
        detail=detail_of(routes=["GET /orders"]),
    )
    second = Edge(
        "service:gateway",
        "service:orders",
        EdgeKind.HTTP,
        provenance=frozenset({Provenance.TRACE}),
        evidence=frozenset({Evidence(trace_id="abc")}),
        detail=detail_of(routes=["POST /orders"]),
        traffic=Traffic(calls=3),
    )
    graph.add_edge(first)
    merged = graph.add_edge(second)
    assert merged.provenance == {Provenance.STATIC, Provenance.TRACE}
    assert merged.detail["routes"] == {"GET /orders", "POST /orders"}
    assert len(merged.evidence) == 2
    assert merged.traffic == Traffic(calls=3)
    assert len(graph.edges()) == 1


def test_edges_of_different_kinds_between_the_same_nodes_stay_apart() -> None:
    graph = ServiceGraph()
    graph.add_node(_service("a"))
    graph.add_node(_service("b"))
    graph.add_edge(Edge("service:a", "service:b", EdgeKind.HTTP))
    graph.add_edge(Edge("service:a", "service:b", EdgeKind.IMPORT))
    assert [e.kind for e in graph.edges()] == [EdgeKind.HTTP, EdgeKind.IMPORT]
    assert [e.kind for e in graph.edges_of("service:b")] == [EdgeKind.HTTP, EdgeKind.IMPORT]


def test_adding_an_edge_fails_when_an_end_is_unknown() -> None:
    graph = ServiceGraph()
    graph.add_node(_service("a"))
    with pytest.raises(KeyError, match="service:ghost"):
        graph.add_edge(Edge("service:a", "service:ghost", EdgeKind.HTTP))


def test_nodes_are_listed_by_kind_then_name_whatever_the_insertion_order() -> None:
    graph = ServiceGraph()
    for node in [
        Node(NodeKind.QUEUE, "orders"),
        _service("zeta"),
        Node(NodeKind.DATASTORE, "db"),
        _service("alpha"),
    ]:
        graph.add_node(node)
    assert [n.id for n in graph.nodes()] == [
        "datastore:db",
        "queue:orders",
        "service:alpha",
        "service:zeta",
    ]
    assert [n.name for n in graph.nodes(NodeKind.SERVICE)] == ["alpha", "zeta"]


def test_merging_nodes_with_different_ids_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot merge"):
        _service("a").merged(_service("b"))
