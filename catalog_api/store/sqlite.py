"""The SQLite adapter of the GraphStore port: one local file, snapshots kept until a caller
that writes snapshots over and over (the live trace receiver) replaces its own.

Each save is one transaction that writes a snapshot row and its nodes, edges and diagnostics
(and, for :meth:`SqliteGraphStore.save_replacing`, deletes the snapshots it supersedes); if
any write fails the transaction rolls back and earlier snapshots are untouched. Every call
opens its own short-lived connection, so one store can be shared by the CLI and by the API's
worker threads, and several processes can use the same file (WAL lets readers run while a
scan writes).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

from catalog_api.graph import ServiceGraph
from catalog_api.model import ScanInfo
from catalog_api.ports import SnapshotKind, SnapshotRef
from catalog_api.store.rows import DiagnosticRow, EdgeRow, GraphRows, NodeRow
from catalog_api.store.schema import connect, prepare, transaction

_SNAPSHOT_COLUMNS = "id, source, git_commit, scanned_at, tool_version, node_count, edge_count, kind"


class SqliteGraphStore:
    """Graph snapshots in the SQLite file at ``path`` (created, with its parent folders, on
    first use; upgraded to the current schema when older)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        prepare(self.path)

    def save(self, graph: ServiceGraph, kind: SnapshotKind = SnapshotKind.STATIC) -> SnapshotRef:
        return self.save_replacing(graph, kind, replaces=())

    def save_replacing(
        self, graph: ServiceGraph, kind: SnapshotKind, *, replaces: Collection[int]
    ) -> SnapshotRef:
        """Store ``graph`` as a new snapshot and delete the snapshots ``replaces`` names (ids
        no longer stored are skipped), in one transaction: if the save fails, the snapshots
        it would have replaced are still there. Ids are never reused, so a deleted id never
        comes back as another graph to a reader that cached it."""
        rows = GraphRows.of(graph)
        with connect(self.path) as conn, transaction(conn):
            ref = _insert(conn, rows, SnapshotKind(kind))
            conn.executemany(
                "DELETE FROM snapshots WHERE id = ?", ((i,) for i in replaces if i != ref.id)
            )
        return ref

    def latest(self, kind: SnapshotKind | None = None) -> ServiceGraph | None:
        with connect(self.path) as conn:
            if kind is None:
                newest = conn.execute("SELECT max(id) FROM snapshots").fetchone()[0]
            else:
                newest = conn.execute(
                    "SELECT max(id) FROM snapshots WHERE kind = ?", (SnapshotKind(kind).value,)
                ).fetchone()[0]
        return None if newest is None else self.load(int(newest))

    def load(self, snapshot_id: int) -> ServiceGraph | None:
        # A snapshot's rows never change once its save committed, so separate reads agree.
        with connect(self.path) as conn:
            found = conn.execute(
                f"SELECT {_SNAPSHOT_COLUMNS} FROM snapshots WHERE id = ?", (snapshot_id,)
            ).fetchone()
            if found is None:
                return None
            nodes = _select(conn, "node_id, kind, name, payload FROM nodes", snapshot_id)
            edges = _select(conn, "source, target, kind, payload FROM edges", snapshot_id)
            diagnostics = _select(
                conn, "path, line, severity, code, message FROM diagnostics", snapshot_id
            )
        return GraphRows(
            info=_snapshot_ref(found).info,
            nodes=cast(list[NodeRow], nodes),
            edges=cast(list[EdgeRow], edges),
            diagnostics=cast(list[DiagnosticRow], diagnostics),
        ).to_graph()

    def snapshots(self) -> list[SnapshotRef]:
        """Every snapshot, oldest first."""
        with connect(self.path) as conn:
            found = conn.execute(f"SELECT {_SNAPSHOT_COLUMNS} FROM snapshots ORDER BY id")
            return [_snapshot_ref(row) for row in found]


def _insert(conn: sqlite3.Connection, rows: GraphRows, kind: SnapshotKind) -> SnapshotRef:
    """Write one snapshot's rows (inside the caller's transaction); its ref."""
    info = rows.info
    cursor = conn.execute(
        "INSERT INTO snapshots (saved_at, source, git_commit, scanned_at, tool_version,"
        " node_count, edge_count, diagnostic_count, kind)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            _now(),
            info.source,
            info.commit,
            info.time,
            info.tool_version,
            len(rows.nodes),
            len(rows.edges),
            len(rows.diagnostics),
            SnapshotKind(kind).value,
        ),
    )
    snapshot_id = int(cursor.lastrowid or 0)
    conn.executemany(
        "INSERT INTO nodes (snapshot_id, node_id, kind, name, payload) VALUES (?, ?, ?, ?, ?)",
        ((snapshot_id, *row) for row in rows.nodes),
    )
    conn.executemany(
        "INSERT INTO edges (snapshot_id, source, target, kind, payload) VALUES (?, ?, ?, ?, ?)",
        ((snapshot_id, *row) for row in rows.edges),
    )
    conn.executemany(
        "INSERT INTO diagnostics (snapshot_id, path, line, severity, code, message)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        ((snapshot_id, *row) for row in rows.diagnostics),
    )
    return SnapshotRef(snapshot_id, info, len(rows.nodes), len(rows.edges), kind)


def _select(conn: sqlite3.Connection, what: str, snapshot_id: int) -> list[tuple[object, ...]]:
    return list(
        conn.execute(f"SELECT {what} WHERE snapshot_id = ? ORDER BY 1, 2, 3", (snapshot_id,))
    )


def _snapshot_ref(row: tuple[object, ...]) -> SnapshotRef:
    snapshot_id, source, commit, time, tool_version, nodes, edges, kind = row
    return SnapshotRef(
        id=int(str(snapshot_id)),
        info=ScanInfo(
            source=str(source),
            commit=None if commit is None else str(commit),
            time=None if time is None else str(time),
            tool_version=None if tool_version is None else str(tool_version),
        ),
        nodes=int(str(nodes)),
        edges=int(str(edges)),
        kind=SnapshotKind(str(kind)),
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
