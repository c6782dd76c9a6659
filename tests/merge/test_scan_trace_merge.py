"""Scan, traces, merge, end to end: a peer the traces know only by its IP and port is the
datastore the scan named, when the repository's configuration fixes that address."""

from __future__ import annotations

import json
from pathlib import Path

from catalog_api.graph import ServiceGraph
from catalog_api.merge import merge
from catalog_api.model import EdgeKind, Provenance
from scanner import scan_repository
from scanner.traces import ingest_files

REPOS = Path(__file__).parents[1] / "scanner" / "repos"
REPO = REPOS / "fixed_addresses"
TRACE_ID = "5b8aa5a2d2c872e8321cf37308d69df2"


def _attribute(key: str, value: str | int) -> dict[str, object]:
    typed = {"intValue": str(value)} if isinstance(value, int) else {"stringValue": value}
    return {"key": key, "value": typed}


def _trace_file(tmp_path: Path, peer: str, port: int, service: str = "orders") -> Path:
    """One request to ``service`` that runs a query on the database at ``peer:port``."""
    spans = [
        {
            "traceId": TRACE_ID,
            "spanId": "1000000000000001",
            "name": "GET /orders",
            "kind": 2,
            "startTimeUnixNano": "1764350000000000000",
            "endTimeUnixNano": "1764350000050000000",
            "attributes": [_attribute("http.route", "/orders")],
        },
        {
            "traceId": TRACE_ID,
            "spanId": "1000000000000002",
            "parentSpanId": "1000000000000001",
            "name": "SELECT orders",
            "kind": 3,
            "startTimeUnixNano": "1764350000010000000",
            "endTimeUnixNano": "1764350000020000000",
            "attributes": [
                _attribute("db.system", "postgresql"),
                _attribute("network.peer.address", peer),
                _attribute("network.peer.port", port),
            ],
        },
    ]
    resource = {"attributes": [_attribute("service.name", service)]}
    document = {"resourceSpans": [{"resource": resource, "scopeSpans": [{"spans": spans}]}]}
    path = tmp_path / "trace.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _merged(tmp_path: Path, peer: str, port: int) -> ServiceGraph:
    observed = ingest_files([_trace_file(tmp_path, peer, port)])
    return merge(scan_repository(REPO), observed)


def test_ip_peer_merges_with_the_scanned_datastore_when_compose_fixes_its_address(
    tmp_path: Path,
) -> None:
    merged = _merged(tmp_path, "10.0.3.7", 5432)
    edge = merged.edge("service:orders", "datastore:orders-db", EdgeKind.DB)
    assert edge is not None
    assert edge.provenance == {Provenance.STATIC, Provenance.TRACE}
    assert edge.traffic is not None and edge.traffic.calls == 1
    names = {n.name for n in merged.nodes()}
    assert "10.0.3.7:5432" not in names
    db = merged.node("datastore:orders-db")
    assert db is not None and "10.0.3.7:5432" in db.aliases


def test_ip_peer_stays_apart_when_no_configuration_names_that_address(tmp_path: Path) -> None:
    merged = _merged(tmp_path, "10.0.3.99", 5432)
    assert "10.0.3.99:5432" in {n.name for n in merged.nodes()}
    edge = merged.edge("service:orders", "datastore:orders-db", EdgeKind.DB)
    assert edge is not None and Provenance.TRACE not in edge.provenance


def test_published_port_merges_when_a_host_run_client_reaches_it_on_loopback(
    tmp_path: Path,
) -> None:
    merged = _merged(tmp_path, "127.0.0.1", 15432)
    reports = merged.node("datastore:reports-db")
    assert reports is not None and Provenance.TRACE in reports.provenance
    assert "127.0.0.1:15432" not in {n.name for n in merged.nodes()}


def test_cluster_ip_peer_merges_when_a_kubernetes_service_fixes_the_datastores_ip(
    tmp_path: Path,
) -> None:
    observed = ingest_files([_trace_file(tmp_path, "10.96.0.20", 5432, "orders-api")])
    merged = merge(scan_repository(REPOS / "k8s_polyglot"), observed)
    edge = merged.edge("service:orders-api", "datastore:orders-db", EdgeKind.DB)
    assert edge is not None and edge.provenance == {Provenance.STATIC, Provenance.TRACE}
