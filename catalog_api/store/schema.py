"""The SQLite schema of the store and the migrations that build it.

The schema version lives in ``PRAGMA user_version``; :data:`MIGRATIONS` is the ordered
history, and migration *n* (1-based) takes a database from version *n - 1* to *n*. A new
schema change is one new function appended to the list, never an edit of an old one, so every
database ever written can be brought forward. ``PRAGMA application_id`` marks the file as
ours, so pointing ``--db`` at some other application's database fails loudly instead of
writing into it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

APPLICATION_ID = 0x536D6170  # "Smap"

Migration = Callable[[sqlite3.Connection], None]


class StoreError(Exception):
    """The database cannot be used; the message says why and which file."""


class StoreVersionError(StoreError):
    """The database was written by a newer servicemap with a schema this one does not know."""


def _v1_graph_snapshots(conn: sqlite3.Connection) -> None:
    """Snapshots and their nodes, edges and diagnostics, one row each, per snapshot."""
    for statement in (
        f"PRAGMA application_id = {APPLICATION_ID}",
        """CREATE TABLE snapshots (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            saved_at TEXT NOT NULL,
            source TEXT NOT NULL,
            git_commit TEXT,
            scanned_at TEXT,
            tool_version TEXT,
            node_count INTEGER NOT NULL,
            edge_count INTEGER NOT NULL,
            diagnostic_count INTEGER NOT NULL)""",
        """CREATE TABLE nodes (
            snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
            node_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            payload TEXT NOT NULL,
            PRIMARY KEY (snapshot_id, node_id)) WITHOUT ROWID""",
        """CREATE TABLE edges (
            snapshot_id INTEGER NOT NULL,
            source TEXT NOT NULL,
            target TEXT NOT NULL,
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            PRIMARY KEY (snapshot_id, source, target, kind),
            FOREIGN KEY (snapshot_id, source) REFERENCES nodes(snapshot_id, node_id)
                ON DELETE CASCADE,
            FOREIGN KEY (snapshot_id, target) REFERENCES nodes(snapshot_id, node_id)
                ON DELETE CASCADE) WITHOUT ROWID""",
        "CREATE INDEX edges_by_target ON edges(snapshot_id, target)",
        """CREATE TABLE diagnostics (
            snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
            path TEXT NOT NULL,
            line INTEGER,
            severity TEXT NOT NULL,
            code TEXT NOT NULL,
            message TEXT NOT NULL)""",
        "CREATE INDEX diagnostics_by_snapshot ON diagnostics(snapshot_id)",
    ):
        conn.execute(statement)


def _v2_file_cache(conn: sqlite3.Connection) -> None:
    """Per-file results of the scanner, keyed by path and reused while the hash matches."""
    conn.execute(
        """CREATE TABLE file_cache (
            path TEXT PRIMARY KEY,
            content_hash TEXT NOT NULL,
            payload TEXT NOT NULL)"""
    )


def _v3_snapshot_kinds(conn: sqlite3.Connection) -> None:
    """Each snapshot says whether it maps the code ('static') or the traffic ('observed').

    Snapshots written before kinds existed are classified by what they hold: observed when
    they have nodes and every node and edge in them was seen only in traces (as ingest and
    the OTLP receiver write them), static otherwise.
    """
    conn.execute(
        "ALTER TABLE snapshots ADD COLUMN kind TEXT NOT NULL DEFAULT 'static'"
        " CHECK (kind IN ('static', 'observed'))"
    )
    conn.execute(
        f"""UPDATE snapshots SET kind = 'observed'
            WHERE EXISTS (SELECT 1 FROM nodes WHERE snapshot_id = snapshots.id)
            AND NOT EXISTS (SELECT 1 FROM nodes WHERE snapshot_id = snapshots.id
                            AND {_NOT_ONLY_TRACE})
            AND NOT EXISTS (SELECT 1 FROM edges WHERE snapshot_id = snapshots.id
                            AND {_NOT_ONLY_TRACE})"""
    )
    conn.execute("CREATE INDEX snapshots_by_kind ON snapshots(kind, id)")


_NOT_ONLY_TRACE = "json_extract(payload, '$.provenance') IS NOT '[\"trace\"]'"

MIGRATIONS: tuple[Migration, ...] = (_v1_graph_snapshots, _v2_file_cache, _v3_snapshot_kinds)
SCHEMA_VERSION = len(MIGRATIONS)


@contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    """A short-lived connection in autocommit mode (transactions are explicit, see
    :func:`transaction`) with foreign keys enforced; closed on exit."""
    try:
        conn = sqlite3.connect(path, timeout=10.0, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open database {path}: {exc}") from exc
    with closing(conn):
        conn.execute("PRAGMA foreign_keys = ON")
        yield conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: committed when the block ends, rolled back if it raises."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def prepare(path: Path) -> None:
    """Create or upgrade the database at ``path``: WAL journal, schema at the newest version.

    Raises :class:`StoreVersionError` for a database from a newer servicemap and
    :class:`StoreError` for a file that is not a servicemap database.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with connect(path) as conn:
        try:
            _check_ownership(conn, path)
            conn.execute("PRAGMA journal_mode = WAL")
            if _pragma(conn, "user_version") != SCHEMA_VERSION:
                with transaction(conn):  # re-reads the version under the write lock
                    _migrate(conn, path)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path} is not a usable servicemap database: {exc}") from exc


def _check_ownership(conn: sqlite3.Connection, path: Path) -> None:
    app_id = _pragma(conn, "application_id")
    has_tables = conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0] > 0
    if app_id != APPLICATION_ID and (app_id != 0 or has_tables):
        raise StoreError(f"{path} is not a servicemap database (it holds other data)")


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    version = _pragma(conn, "user_version")
    if version > SCHEMA_VERSION:
        raise StoreVersionError(
            f"{path} has schema version {version}, written by a newer servicemap; this one "
            f"knows versions up to {SCHEMA_VERSION}. Upgrade servicemap or use another --db."
        )
    for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
        migration(conn)
        conn.execute(f"PRAGMA user_version = {number}")


def _pragma(conn: sqlite3.Connection, name: str) -> int:
    return int(conn.execute(f"PRAGMA {name}").fetchone()[0])
