"""End to end: a real scan of a tiny repo (compose runs Postgres as ``orders-db``, code opens
``dbname=orders`` on it) and real ingestion of an OTLP JSON file whose client span names the
database only by ``db.system=postgresql`` and ``db.namespace=orders`` (no peer address)."""

from __future__ import annotations

from pathlib import Path

from catalog_api.merge import drift, merge
from catalog_api.model import EdgeKind, NodeKind, Provenance
from scanner import scan_repository
from scanner.traces import ingest_files

REPOS = Path(__file__).parent / "repos"


def test_one_datastore_seen_in_code_and_traffic_when_traces_name_only_the_database() -> None:
    static = scan_repository(REPOS / "orders_db")
    observed = ingest_files([REPOS / "orders_db.traces.json"])
    assert observed.node("datastore:orders") is not None  # what the trace alone calls it

    merged = merge(static, observed)

    assert [n.id for n in merged.nodes(NodeKind.DATASTORE)] == ["datastore:orders-db"]
    node = merged.node("datastore:orders-db")
    assert node is not None and node.technology == "postgres"
    assert {Provenance.STATIC, Provenance.TRACE} <= node.provenance
    edge = merged.edge("service:orders", "datastore:orders-db", EdgeKind.DB)
    assert edge is not None and {Provenance.STATIC, Provenance.TRACE} <= edge.provenance
    assert edge.traffic is not None and edge.traffic.calls == 1
    report = drift(static, observed)
    assert (report.in_both, report.code_only, report.traffic_only) == (1, (), ())
