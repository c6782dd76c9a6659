"""SqliteGraphStore.save_replacing: a new snapshot and the deletion of the ones it
supersedes in one transaction (what keeps the live receiver's database bounded)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from catalog_api.graph import ServiceGraph
from catalog_api.model import Diagnostic, Edge, EdgeKind, Node, NodeKind, ScanInfo, Severity
from catalog_api.ports import SnapshotKind
from catalog_api.store import SqliteGraphStore

OBSERVED = SnapshotKind.OBSERVED


def traffic(calls: int) -> ServiceGraph:
    """Two services and a call between them; ``calls`` tells the snapshots apart."""
    graph = ServiceGraph(ScanInfo(source="receiver", time="2026-11-28T22:00:00Z"))
    graph.add_node(Node(NodeKind.SERVICE, "web"))
    graph.add_node(Node(NodeKind.SERVICE, f"api-{calls}"))
    graph.add_edge(Edge("service:web", f"service:api-{calls}", EdgeKind.HTTP))
    graph.add_diagnostics([Diagnostic("receiver", None, Severity.INFO, "note", str(calls))])
    return graph


def row_counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as conn:
        tables = ("snapshots", "nodes", "edges", "diagnostics")
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


@pytest.fixture
def store(tmp_path: Path) -> SqliteGraphStore:
    return SqliteGraphStore(tmp_path / "servicemap.db")


def test_replaced_snapshots_and_their_rows_are_gone_when_saved_replacing(
    store: SqliteGraphStore,
) -> None:
    scan = store.save(traffic(0))
    first = store.save(traffic(1), OBSERVED)
    second = store.save(traffic(2), OBSERVED)
    third = store.save_replacing(traffic(3), OBSERVED, replaces=[first.id, second.id])
    assert [ref.id for ref in store.snapshots()] == [scan.id, third.id]
    assert store.load(first.id) is None and store.load(second.id) is None
    assert store.latest(OBSERVED) is not None
    assert row_counts(store.path) == {"snapshots": 2, "nodes": 4, "edges": 2, "diagnostics": 2}


def test_unknown_ids_are_skipped_when_saved_replacing(store: SqliteGraphStore) -> None:
    kept = store.save(traffic(1), OBSERVED)
    new = store.save_replacing(traffic(2), OBSERVED, replaces=[kept.id + 100])
    assert [ref.id for ref in store.snapshots()] == [kept.id, new.id]


def test_ids_are_never_reused_when_the_newest_snapshot_was_replaced(
    store: SqliteGraphStore,
) -> None:
    old = store.save(traffic(1), OBSERVED)
    new = store.save_replacing(traffic(2), OBSERVED, replaces=[old.id])
    newer = store.save_replacing(traffic(3), OBSERVED, replaces=[new.id])
    assert old.id < new.id < newer.id


def test_replaced_snapshots_survive_when_the_save_fails(store: SqliteGraphStore) -> None:
    old = store.save(traffic(1), OBSERVED)
    before = row_counts(store.path)
    with closing(sqlite3.connect(store.path)) as conn:
        conn.execute(
            "CREATE TRIGGER refuse_edges BEFORE INSERT ON edges"
            " BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"
        )
        conn.commit()
    with pytest.raises(sqlite3.DatabaseError, match="disk on fire"):
        store.save_replacing(traffic(2), OBSERVED, replaces=[old.id])
    assert row_counts(store.path) == before
    loaded = store.load(old.id)
    assert loaded is not None and loaded.node("service:api-1") is not None
