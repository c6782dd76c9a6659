"""CLI fixtures: an isolated environment (no real home, no ambient config), a tiny repository
to scan, and a database holding snapshots of a small hand-built graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog_api.model import Node, NodeKind
from catalog_api.store import SqliteGraphStore
from tests.cli.harness import TINY_REPO, small_graph, write_files


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Work in an empty folder with a private data home, so no test reads a developer's
    config or writes to their real database. Returns that folder."""
    for name in ("SERVICEMAP_DB", "SERVICEMAP_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    return cwd


@pytest.fixture
def tiny_repo(tmp_path: Path) -> Path:
    """Two FastAPI services in docker-compose; orders calls payments with requests."""
    return write_files(tmp_path / "repo", TINY_REPO)


@pytest.fixture
def saved_db(tmp_path: Path) -> Path:
    """A database with two snapshots; the second adds a payments service."""
    path = tmp_path / "saved.db"
    store = SqliteGraphStore(path)
    store.save(small_graph("aaaa"))
    newer = small_graph("bbbb")
    newer.add_node(Node(NodeKind.SERVICE, "payments"))
    store.save(newer)
    return path
