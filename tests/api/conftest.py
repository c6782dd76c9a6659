"""API fixtures: FastAPI's TestClient over a real SqliteGraphStore in a temporary folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from catalog_api.api import create_app
from catalog_api.store import SqliteGraphStore
from tests.export.sample_graphs import shop_graph, small_graph


@pytest.fixture
def store(tmp_path: Path) -> SqliteGraphStore:
    return SqliteGraphStore(tmp_path / "servicemap.db")


@pytest.fixture
def filled_store(store: SqliteGraphStore) -> SqliteGraphStore:
    """Snapshot 1 is the small graph, snapshot 2 (the latest) the shop."""
    store.save(small_graph())
    store.save(shop_graph())
    return store


@pytest.fixture
def client(filled_store: SqliteGraphStore) -> TestClient:
    return TestClient(create_app(filled_store))


@pytest.fixture
def empty_client(store: SqliteGraphStore) -> TestClient:
    return TestClient(create_app(store))


ClientFor = Callable[[FastAPI], TestClient]
