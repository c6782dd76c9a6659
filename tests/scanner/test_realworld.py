"""Shapes found in public multi-service repositories (see realworld/README.md): each case
lists the edges a careful reader finds and the ones that must not appear."""

from __future__ import annotations

from pathlib import Path

from catalog_api.graph import ServiceGraph
from catalog_api.model import EdgeKind
from scanner import scan_repository

REALWORLD = Path(__file__).parent / "realworld"


def _edges(graph: ServiceGraph) -> set[tuple[str, str, str]]:
    return {(e.source, e.target, e.kind.value) for e in graph.edges()}


def test_clients_built_in_a_sibling_module_give_edges_where_they_are_called() -> None:
    graph = scan_repository(REALWORLD / "client_from_sibling_module")
    assert _edges(graph) == {
        ("service:users", "queue:users", "publish"),
        ("service:api", "service:billing", "http"),
        ("service:api", "queue:orders", "publish"),
    }
    http = graph.edge("service:api", "service:billing", EdgeKind.HTTP)
    assert http is not None
    assert http.detail["routes"] == {"GET /customers/{cid}", "POST /invoices"}
    assert ("api/app/main.py", 11) in {(e.path, e.line) for e in http.evidence}
    kafka = graph.edge("service:users", "queue:users", EdgeKind.PUBLISH)
    assert kafka is not None
    assert {(e.path, e.line) for e in kafka.evidence} == {("users/source/adapters/events.py", 9)}
