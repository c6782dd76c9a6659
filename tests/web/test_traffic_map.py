"""The catalog view in a real browser: the scan merged with traces, traffic on the map."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from catalog_api.api import create_app
from catalog_api.graph import ServiceGraph
from catalog_api.model import Edge, EdgeKind, Evidence, Node, NodeKind, Provenance, ScanInfo
from catalog_api.model import Traffic as T
from catalog_api.ports import SnapshotKind
from catalog_api.store import SqliteGraphStore
from tests.export.sample_graphs import shop_graph
from tests.web.conftest import Console
from tests.web.live_server import serving

TRACE = frozenset({Provenance.TRACE})
PAYMENTS = 'g.edge[id="edge:service:orders/service:payments/http"]'
FRAUD = 'g.edge[id="edge:service:orders/service:fraud/http"]'


def traced_shop() -> ServiceGraph:
    """Traces of the shop: orders (as service.name orders-svc) calling payments, and calling
    a fraud service no code mentions."""
    graph = ServiceGraph(ScanInfo(source="traces/shop.json", time="2026-11-28T19:45:00Z"))
    for name in ("orders-svc", "payments", "fraud"):
        graph.add_node(Node(NodeKind.SERVICE, name, provenance=TRACE))
    calls = {
        "payments": T(calls=2400, errors=36, p50_ms=21.0, p95_ms=184.0, p99_ms=420.0),
        "fraud": T(calls=310, errors=0, p50_ms=3.2, p95_ms=7.5, p99_ms=9.0),
    }
    for target, traffic in calls.items():
        graph.add_edge(
            Edge(
                "service:orders-svc",
                f"service:{target}",
                EdgeKind.HTTP,
                TRACE,
                frozenset({Evidence(trace_id=f"{target}0af7651916cd43dd8448eb211c")}),
                traffic=traffic,
            )
        )
    return graph


@pytest.fixture(scope="module")
def merged_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = SqliteGraphStore(tmp_path_factory.mktemp("merged") / "servicemap.db")
    store.save(shop_graph())
    store.save(traced_shop(), SnapshotKind.OBSERVED)
    with serving(create_app(store)) as url:
        yield url


@pytest.fixture
def merged_page(page: Page, console: Console, merged_url: str) -> Page:
    page.goto(merged_url + "/")
    page.wait_for_selector("body[data-ready=true]", timeout=15_000)
    return page


def test_map_labels_observed_edges_with_traffic_when_scan_and_traces_are_merged(
    merged_page: Page, console: Console
) -> None:
    label = merged_page.locator(PAYMENTS).locator("text").all_text_contents()
    assert label == ["http", "2,400 calls · 1.5% errors · p95 184 ms"]
    fraud = merged_page.locator(FRAUD)
    assert fraud.get_attribute("class") == "edge edge-http traffic-only"
    assert fraud.locator("path").get_attribute("stroke") == "#c2255c"
    assert fraud.locator("text").all_text_contents()[1] == "310 calls · 0% errors · p95 7.5 ms"
    legend = merged_page.locator(".legend-edges li").all_inner_texts()
    assert legend[-2:] == ["in code and traffic", "in traffic only"]
    swatch = merged_page.locator(".line-traffic").evaluate(
        "e => getComputedStyle(e).borderTopColor"
    )
    assert swatch == "rgb(194, 37, 92)"  # TRAFFIC_ONLY_COLOR, as the edge above is drawn
    summary = merged_page.inner_text("#summary")
    assert "9 services" in summary and "18 edges" in summary
    assert "snapshot #1 + traces #2 (observed 2026-11-28 19:45:00 UTC)" in summary
    assert console.errors == []


def test_details_show_calls_errors_and_p95_when_a_traced_service_is_clicked(
    merged_page: Page, console: Console
) -> None:
    merged_page.click('g.node[id="node:service:orders"]')
    merged_page.wait_for_selector("#details .edge-item")
    details = merged_page.locator("#details")
    assert "orders-svc" in details.locator(".facts").inner_text()
    payments = details.locator(".edge-item").filter(
        has=merged_page.get_by_role("button", name="payments")
    )
    assert payments.locator(".seen").inner_text() == "code + traffic"
    assert payments.locator(".traffic").inner_text() == (
        "2,400 calls · 36 errors (1.5%) · p50 21 ms · p95 184 ms · p99 420 ms"
    )
    assert "trace payments0af7651916cd43dd8448eb211c" in payments.inner_text()
    fraud = details.locator(".edge-item").filter(
        has=merged_page.get_by_role("button", name="fraud")
    )
    assert fraud.locator(".seen").inner_text() == "traffic only"
    assert "310 calls · 0 errors (0%) · p50 3.2 ms · p95 7.5 ms" in fraud.inner_text()
    assert console.errors == []
