from __future__ import annotations

import json

import jsonschema
import pytest

from catalog_api import graph_json
from catalog_api.graph import ServiceGraph
from catalog_api.model import (
    Diagnostic,
    Edge,
    EdgeKind,
    Evidence,
    Node,
    NodeKind,
    Provenance,
    ScanInfo,
    Severity,
    Traffic,
    detail_of,
)


def _sample_graph() -> ServiceGraph:
    graph = ServiceGraph(ScanInfo(source="repo", commit="abc123", time="2026-01-01T00:00:00Z"))
    graph.add_node(
        Node(
            NodeKind.SERVICE,
            "orders",
            technology="fastapi",
            aliases=frozenset({"orders-svc"}),
            path="services/orders",
            routes=frozenset({"GET /orders/{id}"}),
            provenance=frozenset({Provenance.CONFIG}),
            attributes={"language": "python"},
        )
    )
    graph.add_node(Node(NodeKind.DATASTORE, "orders-db", technology="postgres"))
    graph.add_node(Node(NodeKind.EXTERNAL, 'evil"<host>\n'))
    graph.add_edge(
        Edge(
            "service:orders",
            "datastore:orders-db",
            EdgeKind.DB,
            provenance=frozenset({Provenance.STATIC, Provenance.TRACE}),
            evidence=frozenset(
                {Evidence(path="services/orders/db.py", line=12), Evidence(trace_id="t1")}
            ),
            detail=detail_of(tables=["orders", "order_items"]),
            traffic=Traffic(calls=10, errors=1, p50_ms=2.5, p95_ms=9.0, p99_ms=12.0),
        )
    )
    graph.add_edge(Edge("service:orders", 'external:evil"<host>\n', EdgeKind.HTTP))
    graph.add_diagnostic(
        Diagnostic("services/orders/x.py", 3, Severity.WARNING, "syntax-error", "bad")
    )
    return graph


def test_round_trip_keeps_every_fact() -> None:
    text = graph_json.dumps(_sample_graph())
    again = graph_json.dumps(graph_json.loads(text))
    assert again == text


def test_output_validates_against_the_published_schema() -> None:
    jsonschema.validate(json.loads(graph_json.dumps(_sample_graph())), graph_json.schema())


def test_output_is_sorted_when_written() -> None:
    doc = json.loads(graph_json.dumps(_sample_graph()))
    assert [n["id"] for n in doc["nodes"]] == [
        "datastore:orders-db",
        'external:evil"<host>\n',
        "service:orders",
    ]
    edge = doc["edges"][0]
    assert edge["detail"] == {"tables": ["order_items", "orders"]}
    assert edge["evidence"] == [{"trace_id": "t1"}, {"path": "services/orders/db.py", "line": 12}]
    assert doc["format"] == "servicemap-graph" and doc["version"] == 1
    assert doc["commit"] == "abc123"


def test_traffic_is_absent_when_an_edge_was_never_observed() -> None:
    doc = json.loads(graph_json.dumps(_sample_graph()))
    assert "traffic" not in doc["edges"][1]
    assert doc["edges"][0]["traffic"]["calls"] == 10


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format="other"), "'format' must be"),
        (lambda d: d.update(version=2), "unsupported version"),
        (lambda d: d["nodes"][0].update(kind="planet"), r"nodes\[0\]\.kind must be one of"),
        (lambda d: d["nodes"][0].update(id="service:other"), "does not match"),
        (lambda d: d["edges"][0].update(target="service:ghost"), r"edges\[0\]: .*ghost"),
        (lambda d: d["edges"][0]["traffic"].update(calls="many"), "calls must be an integer"),
        (lambda d: d.update(nodes={}), "nodes must be a list"),
    ],
)
def test_malformed_documents_are_refused_with_the_place_named(mutate, message) -> None:  # type: ignore[no-untyped-def]
    doc = json.loads(graph_json.dumps(_sample_graph()))
    mutate(doc)
    with pytest.raises(graph_json.GraphFormatError, match=message):
        graph_json.from_dict(doc)


def test_text_that_is_not_json_is_refused() -> None:
    with pytest.raises(graph_json.GraphFormatError, match="not JSON"):
        graph_json.loads("{nope")
