"""Browser fixtures: headless Chromium (the Debian package, driven by Playwright) against a
real uvicorn server over a real SqliteGraphStore."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from catalog_api.api import create_app
from catalog_api.store import SqliteGraphStore
from tests.export.sample_graphs import shop_graph
from tests.web.live_server import serving

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def shop_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = SqliteGraphStore(tmp_path_factory.mktemp("shop") / "servicemap.db")
    store.save(shop_graph())
    with serving(create_app(store)) as url:
        yield url


@pytest.fixture
def empty_url(tmp_path: Path) -> Iterator[str]:
    with serving(create_app(SqliteGraphStore(tmp_path / "servicemap.db"))) as url:
        yield url


class Console:
    """Errors the page logged (CSP violations and uncaught exceptions land here)."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1600, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture
def console(page: Page) -> Console:
    return Console(page)


@pytest.fixture
def map_page(page: Page, console: Console, shop_url: str) -> Page:
    """The shop map, loaded and ready."""
    page.goto(shop_url + "/")
    page.wait_for_selector("body[data-ready=true]", timeout=15_000)
    return page
