"""The merged catalog graph: folded nodes, confirmed edges, and a reviewed golden file.

To accept an intended change, regenerate with
``python -c "from tests.merge.test_merge import regenerate; regenerate()"`` and review the
diff like code.
"""

from __future__ import annotations

from pathlib import Path

from catalog_api import graph_json
from catalog_api.merge import merge
from catalog_api.model import EdgeKind, NodeKind, Provenance, Severity, Traffic
from tests.merge.graphs import (
    code_edge,
    datastore,
    graph_of,
    observed_node,
    scanned_shop,
    service,
    static_node,
    traced_shop,
    traffic_edge,
)

GOLDEN = Path(__file__).parent / "golden" / "shop_merged.json"


def test_merged_shop_matches_golden_when_scan_and_traces_are_merged() -> None:
    assert graph_json.dumps(merge(scanned_shop(), traced_shop())) == GOLDEN.read_text()


def test_static_name_wins_and_observed_name_becomes_an_alias_when_nodes_fold() -> None:
    merged = merge(scanned_shop(), traced_shop())
    assert merged.node("service:orders-service") is None
    orders = merged.node(service("orders"))
    assert orders is not None
    assert orders.aliases == {"orders-service", "orders_svc"}
    assert orders.provenance == {Provenance.CONFIG, Provenance.TRACE}
    db = merged.node(datastore("orders-db"))
    assert db is not None and "10.0.3.7:5432" in db.aliases
    assert db.technology == "postgres" and db.attributes["host"] == "10.0.3.7"


def test_edge_carries_both_sides_when_traffic_confirms_code() -> None:
    merged = merge(scanned_shop(), traced_shop())
    edge = merged.edge(service("orders"), datastore("orders-db"), EdgeKind.DB)
    assert edge is not None
    assert edge.provenance == {Provenance.STATIC, Provenance.TRACE}
    assert {(e.path, e.trace_id) for e in edge.evidence} == {("orders/db.py", None), (None, "t03")}
    assert edge.detail == {"tables": {"orders", "order_lines"}}
    assert edge.traffic is not None and edge.traffic.calls == 900


def test_static_kind_wins_when_traffic_names_the_dependency_in_the_same_family() -> None:
    merged = merge(scanned_shop(), traced_shop())
    assert merged.edge(service("orders"), datastore("redis"), EdgeKind.CACHE) is None
    edge = merged.edge(service("orders"), datastore("redis"), EdgeKind.DB)
    assert edge is not None and edge.traffic is not None and edge.traffic.calls == 1200


def test_traffic_only_edge_and_its_nodes_are_kept_when_code_has_none() -> None:
    merged = merge(scanned_shop(), traced_shop())
    edge = merged.edge(service("orders"), service("fraud"), EdgeKind.HTTP)
    assert edge is not None and edge.provenance == {Provenance.TRACE}
    fraud = merged.node(service("fraud"))
    assert fraud is not None and fraud.provenance == {Provenance.TRACE}
    assert merged.edge("external:user", service("orders"), EdgeKind.HTTP) is not None


def test_code_only_edges_stay_as_scanned_when_traffic_never_shows_them() -> None:
    scanned = scanned_shop()
    merged = merge(scanned, traced_shop())
    for source, target, kind in (
        (service("orders"), "queue:order-events", EdgeKind.PUBLISH),
        (service("payments"), datastore("billing-db"), EdgeKind.DB),
        (service("orders"), service("shared"), EdgeKind.IMPORT),
    ):
        assert merged.edge(source, target, kind) == scanned.edge(source, target, kind)


def test_traffic_adds_up_when_two_observed_names_fold_into_one_node() -> None:
    static = graph_of(
        [static_node(NodeKind.SERVICE, "orders", aliases=["orders-service"]),
         static_node(NodeKind.SERVICE, "payments")]
    )  # fmt: skip
    static.add_edge(code_edge(service("orders"), service("payments"), EdgeKind.HTTP, "a.py:1"))
    observed = graph_of(
        [observed_node(NodeKind.SERVICE, n) for n in ("orders", "orders-service", "payments")]
    )
    observed.add_edge(traffic_edge(service("orders"), service("payments"), EdgeKind.HTTP, 100, "a"))
    observed.add_edge(
        traffic_edge(service("orders-service"), service("payments"), EdgeKind.HTTP, 50, "b")
    )
    edge = merge(static, observed).edge(service("orders"), service("payments"), EdgeKind.HTTP)
    assert edge is not None
    assert edge.traffic == Traffic(
        calls=150,
        errors=3,
        p50_ms=4.0,
        p95_ms=10.0,
        p99_ms=20.0,
        first_seen="2026-11-28T19:00:00.000Z",
        last_seen="2026-11-28T19:30:00.000Z",
    )
    assert {e.trace_id for e in edge.evidence} == {None, "a", "b"}


def test_ambiguous_observed_node_is_kept_apart_and_reported_when_several_fit() -> None:
    static = graph_of(
        [static_node(NodeKind.SERVICE, "orders", aliases=["api"]),
         static_node(NodeKind.SERVICE, "catalog", aliases=["api"])]
    )  # fmt: skip
    observed = graph_of([observed_node(NodeKind.SERVICE, "api")], source="traces.json")
    merged = merge(static, observed)
    assert merged.node("service:api") is not None
    (note,) = merged.diagnostics
    assert (note.path, note.severity, note.code) == (
        "traces.json",
        Severity.INFO,
        "ambiguous-match",
    )
    assert "service:catalog, service:orders" in note.message


def test_inputs_are_left_unchanged_when_merged() -> None:
    scanned, traced = scanned_shop(), traced_shop()
    merge(scanned, traced)
    assert graph_json.dumps(scanned) == graph_json.dumps(scanned_shop())
    assert graph_json.dumps(traced) == graph_json.dumps(traced_shop())


def test_merge_is_the_static_graph_when_nothing_was_observed() -> None:
    scanned = scanned_shop()
    assert graph_json.dumps(merge(scanned, graph_of([]))) == graph_json.dumps(scanned)


def test_edge_order_does_not_change_the_result_when_inputs_are_built_in_reverse() -> None:
    scanned, traced = scanned_shop(), traced_shop()
    backward = graph_of(reversed(traced.nodes()), source="traces.json")
    for edge in reversed(traced.edges()):
        backward.add_edge(edge)
    assert graph_json.dumps(merge(scanned, backward)) == graph_json.dumps(merge(scanned, traced))


def regenerate() -> None:
    GOLDEN.write_text(graph_json.dumps(merge(scanned_shop(), traced_shop())))
