"""Drift between code and traffic: each reason, what is left out, and the JSON shape.

To accept an intended change of the JSON, regenerate with
``python -c "from tests.merge.test_drift import regenerate; regenerate()"`` and review it.
"""

from __future__ import annotations

import json
from pathlib import Path

from catalog_api.merge import DriftReason, drift
from catalog_api.merge.drift_json import to_dict
from catalog_api.model import EdgeKind, NodeKind
from tests.merge.graphs import (
    code_edge,
    graph_of,
    observed_node,
    scanned_shop,
    service,
    static_node,
    traced_shop,
    traffic_edge,
)

GOLDEN = Path(__file__).parent / "golden" / "shop_drift.json"


def _keys(entries: tuple) -> list[tuple[str, str, str, str]]:  # type: ignore[type-arg]
    return [(*e.edge.key, e.reason.value) for e in entries]


def test_code_only_edges_have_reasons_when_traffic_never_shows_them() -> None:
    report = drift(scanned_shop(), traced_shop())
    assert _keys(report.code_only) == [
        ("service:orders", "queue:order-events", "publish", "never-called"),
        ("service:payments", "datastore:billing-db", "db", "never-called"),
    ]
    assert report.in_both == 3
    assert report.has_drift


def test_traffic_only_edge_names_static_ids_when_nodes_matched() -> None:
    report = drift(scanned_shop(), traced_shop())
    (only,) = report.traffic_only
    assert only.edge.key == ("service:orders", "service:fraud", "http")
    assert only.reason == DriftReason.UNKNOWN_NODE
    assert only.edge.traffic is not None and only.edge.traffic.calls == 100
    assert {e.trace_id for e in only.edge.evidence} == {"t05"}


def test_reason_is_not_in_code_when_both_ends_are_scanned_nodes() -> None:
    static = graph_of([static_node(NodeKind.SERVICE, n) for n in ("orders", "payments")])
    observed = graph_of([observed_node(NodeKind.SERVICE, n) for n in ("orders", "payments")])
    observed.add_edge(traffic_edge(service("payments"), service("orders"), EdgeKind.HTTP, 5, "x"))
    (only,) = drift(static, observed).traffic_only
    assert only.reason == DriftReason.NOT_IN_CODE


def test_reason_is_source_not_traced_when_the_source_never_appears_in_traces() -> None:
    static = graph_of([static_node(NodeKind.SERVICE, n) for n in ("cron", "orders")])
    static.add_edge(code_edge(service("cron"), service("orders"), EdgeKind.HTTP, "cron.py:3"))
    observed = graph_of([observed_node(NodeKind.SERVICE, "orders")])
    (only,) = drift(static, observed).code_only
    assert only.reason == DriftReason.SOURCE_NOT_TRACED
    assert {(e.path, e.line) for e in only.edge.evidence} == {("cron.py", 3)}


def test_imports_and_outside_callers_are_not_drift_when_present() -> None:
    report = drift(scanned_shop(), traced_shop())
    edges = [e.edge.key for e in (*report.code_only, *report.traffic_only)]
    assert ("service:orders", "service:shared", "import") not in edges
    assert all(source != "external:user" for source, _, _ in edges)


def test_there_is_no_drift_when_traffic_confirms_every_edge() -> None:
    static = graph_of([static_node(NodeKind.SERVICE, n) for n in ("orders", "payments")])
    static.add_edge(code_edge(service("orders"), service("payments"), EdgeKind.RPC, "a.py:1"))
    observed = graph_of([observed_node(NodeKind.SERVICE, n) for n in ("orders", "payments")])
    observed.add_edge(traffic_edge(service("orders"), service("payments"), EdgeKind.GRPC, 5, "x"))
    report = drift(static, observed)
    assert (report.in_both, report.code_only, report.traffic_only) == (1, (), ())
    assert not report.has_drift


def test_json_matches_golden_when_shop_drift_is_serialised() -> None:
    report = drift(scanned_shop(), traced_shop())
    text = json.dumps(to_dict(report, static_snapshot=1, observed_snapshot=2), indent=2) + "\n"
    assert text == GOLDEN.read_text()


def regenerate() -> None:
    report = drift(scanned_shop(), traced_shop())
    text = json.dumps(to_dict(report, static_snapshot=1, observed_snapshot=2), indent=2) + "\n"
    GOLDEN.write_text(text)
