"""What only the SQLite adapter promises: its file format, migrations and refusals."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from catalog_api.graph import ServiceGraph
from catalog_api.graph_json import GraphFormatError
from catalog_api.model import ScanInfo
from catalog_api.ports import SnapshotKind
from catalog_api.store import (
    SCHEMA_VERSION,
    FileCache,
    SqliteGraphStore,
    StoreError,
    StoreVersionError,
)
from catalog_api.store.schema import connect
from tests.store.graphs import observed_graph, shop_graph

# What version 2 looked like: no snapshot kinds.
_AS_VERSION_2 = (
    "DROP INDEX snapshots_by_kind",
    "ALTER TABLE snapshots DROP COLUMN kind",
    "PRAGMA user_version = 2",
)


def _query(path: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return list(conn.execute(sql))


def _execute(path: Path, *statements: str) -> None:
    with closing(sqlite3.connect(path)) as conn:
        for statement in statements:
            conn.execute(statement)
        conn.commit()


def test_file_uses_wal_and_newest_schema_when_created(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "servicemap.db"
    SqliteGraphStore(path)
    assert _query(path, "PRAGMA journal_mode") == [("wal",)]
    assert _query(path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]


def test_rows_are_normalised_per_snapshot_when_graph_saved(tmp_path: Path) -> None:
    path = tmp_path / "servicemap.db"
    ref = SqliteGraphStore(path).save(shop_graph())
    nodes = _query(path, f"SELECT node_id, kind, name FROM nodes WHERE snapshot_id = {ref.id}")
    assert ("datastore:orders-db", "datastore", "orders-db") in nodes
    edges = _query(path, "SELECT source, target, kind FROM edges ORDER BY 1, 2, 3")
    assert edges[0] == ("service:orders", "datastore:orders-db", "db")
    assert _query(path, "SELECT count(*) FROM diagnostics") == [(2,)]
    assert _query(path, "SELECT node_count, edge_count, diagnostic_count FROM snapshots") == [
        (5, 4, 2)
    ]


def test_no_rows_are_left_behind_when_a_save_fails_midway(tmp_path: Path) -> None:
    path = tmp_path / "servicemap.db"
    store = SqliteGraphStore(path)
    _execute(
        path,
        "CREATE TRIGGER refuse BEFORE INSERT ON diagnostics BEGIN SELECT RAISE(ABORT, 'no'); END",
    )
    with pytest.raises(sqlite3.IntegrityError):
        store.save(shop_graph())
    for table in ("snapshots", "nodes", "edges", "diagnostics"):
        assert _query(path, f"SELECT count(*) FROM {table}") == [(0,)], table


def test_edges_must_name_stored_nodes_when_written_directly(tmp_path: Path) -> None:
    path = tmp_path / "servicemap.db"
    ref = SqliteGraphStore(path).save(shop_graph())
    with connect(path) as conn, pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        conn.execute(
            "INSERT INTO edges VALUES (?, 'service:orders', 'service:ghost', 'http', '{}')",
            (ref.id,),
        )


def test_opening_fails_with_version_error_when_schema_is_newer(tmp_path: Path) -> None:
    path = tmp_path / "servicemap.db"
    SqliteGraphStore(path).save(shop_graph())
    _execute(path, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreVersionError, match="newer servicemap"):
        SqliteGraphStore(path)


def test_older_database_is_migrated_and_keeps_snapshots_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "servicemap.db"
    ref = SqliteGraphStore(path).save(shop_graph())
    _execute(path, *_AS_VERSION_2, "DROP TABLE file_cache", "PRAGMA user_version = 1")
    store = SqliteGraphStore(path)
    assert _query(path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert store.snapshots() == [ref]
    FileCache(path).put("a.py", "h1", "{}")
    assert FileCache(path).get("a.py", "h1") == "{}"


def test_kinds_are_backfilled_from_provenance_when_a_version_2_database_is_opened(
    tmp_path: Path,
) -> None:
    path = tmp_path / "servicemap.db"
    store = SqliteGraphStore(path)
    scanned = store.save(shop_graph())  # static and config facts, one edge also traced
    traced = store.save(observed_graph(), SnapshotKind.OBSERVED)
    empty = store.save(ServiceGraph(ScanInfo(source="/repos/empty")))
    _execute(path, *_AS_VERSION_2)
    kinds = {ref.id: ref.kind for ref in SqliteGraphStore(path).snapshots()}
    assert kinds == {
        scanned.id: SnapshotKind.STATIC,
        traced.id: SnapshotKind.OBSERVED,
        empty.id: SnapshotKind.STATIC,
    }


def test_kind_column_refuses_unknown_kinds_when_written_directly(tmp_path: Path) -> None:
    path = tmp_path / "servicemap.db"
    ref = SqliteGraphStore(path).save(shop_graph())
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        _execute(path, f"UPDATE snapshots SET kind = 'guessed' WHERE id = {ref.id}")


def test_opening_fails_when_file_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    path.write_text('{"format": "servicemap-graph"}' * 100)
    with pytest.raises(StoreError, match="not a usable servicemap database"):
        SqliteGraphStore(path)


def test_opening_fails_when_database_belongs_to_another_application(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    _execute(path, "CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(StoreError, match="not a servicemap database"):
        SqliteGraphStore(path)
    assert _query(path, "SELECT name FROM sqlite_schema") == [("invoices",)]


def test_loading_fails_with_format_error_when_a_stored_row_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "servicemap.db"
    store = SqliteGraphStore(path)
    ref = store.save(shop_graph())
    _execute(path, "UPDATE nodes SET payload = '[1]' WHERE node_id = 'service:orders'")
    with pytest.raises(GraphFormatError, match="service:orders"):
        store.load(ref.id)
