"""The map page in a real browser: rendering, details, hostile names, search, pan/zoom."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.export.sample_graphs import XSS_NAME
from tests.web.conftest import Console

NODE = 'g.node[id="{}"]'


def _view_box(page: Page) -> list[float]:
    box = page.get_attribute("#map-canvas svg", "viewBox") or ""
    return [float(v) for v in box.split()]


def test_map_shows_every_node_and_a_summary_when_loaded(
    map_page: Page, console: Console, tmp_path: Path
) -> None:
    assert map_page.locator("#map-canvas svg g.node").count() == 16
    summary = map_page.inner_text("#summary")
    assert "8 services · 4 datastores · 2 queues · 2 externals · 17 edges" in summary
    assert "examples/shop @ 9f3c2e1d4b" in summary
    assert "scanned 2026-11-28 18:30:00 UTC" in summary
    assert map_page.locator(".legend li").count() == 9
    assert map_page.locator("#details .diagnostic").inner_text().splitlines() == [
        "services/legacy/broken.py:3",
        "warning · syntax-error: invalid syntax",
    ]
    shot = Path(os.environ.get("SERVICEMAP_SCREENSHOT", tmp_path / "map.png"))
    map_page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000
    assert console.errors == []


def test_details_show_edges_and_evidence_when_a_service_is_clicked(
    map_page: Page, console: Console
) -> None:
    map_page.click(NODE.format("node:service:orders"))
    map_page.wait_for_selector("#details .edge-item")
    details = map_page.locator("#details")
    assert details.locator("h2").inner_text() == "orders"
    text = details.inner_text()
    for expected in (
        "fastapi",
        "services/orders",
        "orders-svc",
        "POST /orders",
        "DEPENDS ON (4)",
        "USED BY (2)",
        "services/orders/db.py:11",
        "services/gateway/routes.py:27",
        "trace 4bf92f3577b34da6",
        "1,200 calls · 3 errors (0.3%) · p50 13 ms · p95 80 ms",
        "code + traffic",
        "code only",
    ):
        assert expected in text
    assert map_page.locator("g.node.selected").count() == 1
    assert console.errors == []


def test_details_follow_a_neighbour_when_its_name_is_clicked(map_page: Page) -> None:
    map_page.click(NODE.format("node:service:orders"))
    map_page.locator("#details").get_by_role("button", name="payments").click()
    expect(map_page.locator("#details h2")).to_have_text("payments")
    assert "services/payments/stripe_client.py:19" in map_page.inner_text("#details")


def test_details_open_when_a_node_is_chosen_with_the_keyboard(map_page: Page) -> None:
    map_page.get_by_role("button", name="queue:order-events").focus()
    map_page.keyboard.press("Enter")
    expect(map_page.locator("#details h2")).to_have_text("order-events")
    assert "services/shipping/consumer.py:15" in map_page.inner_text("#details")


def test_hostile_name_stays_text_when_shown_on_the_map_and_in_details(
    map_page: Page, console: Console
) -> None:
    node = map_page.locator("g.node").filter(has_text="onerror")
    assert node.locator("text").text_content() == XSS_NAME
    node.click()
    map_page.wait_for_selector("#details .edge-item")
    assert map_page.locator("#details h2").inner_text() == XSS_NAME
    assert map_page.locator("img").count() == 0
    assert map_page.evaluate("typeof window.__pwned") == "undefined"
    assert console.errors == []


def test_search_highlights_matching_nodes_when_typed(map_page: Page) -> None:
    map_page.fill("#search", "STRIPE")
    matched = map_page.locator("g.node.match")
    assert matched.count() == 1
    assert matched.get_attribute("id") == "node:external:api.stripe.com"
    assert map_page.inner_text("#search-count") == "1 match"
    map_page.fill("#search", "postgres")
    assert map_page.locator("g.node.match").count() == 2
    map_page.fill("#search", "")
    assert map_page.locator("g.node.match, g.node.dimmed").count() == 0


def test_view_zooms_and_pans_when_wheeled_and_dragged(map_page: Page) -> None:
    start_text = map_page.get_attribute("#map-canvas svg", "viewBox") or ""
    start = _view_box(map_page)
    box = map_page.locator("#map-canvas").bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    map_page.mouse.move(x, y)
    map_page.mouse.wheel(0, -300)
    svg = map_page.locator("#map-canvas svg")
    expect(svg).not_to_have_attribute("viewBox", start_text)
    zoomed = _view_box(map_page)
    assert zoomed[2] < start[2] and zoomed[3] < start[3]
    map_page.mouse.move(x, y)
    map_page.mouse.down()
    map_page.mouse.move(x + 120, y + 40, steps=5)
    map_page.mouse.up()
    panned = _view_box(map_page)
    assert panned[0] < zoomed[0] and panned[1] < zoomed[1]
    assert panned[2:] == zoomed[2:]
    map_page.click("#zoom-fit")
    assert _view_box(map_page) == start


def test_page_says_how_to_scan_when_the_store_is_empty(
    page: Page, console: Console, empty_url: str
) -> None:
    page.goto(empty_url + "/")
    message = page.locator("#map-message")
    message.wait_for()
    assert message.inner_text() == "no snapshot yet: run servicemap scan PATH"
    assert message.locator("code").inner_text() == "servicemap scan PATH"
    assert console.errors == []
