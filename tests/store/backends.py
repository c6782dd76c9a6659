"""Every GraphStore adapter the shared suite runs against, and how to drive each one.

A new engine (PostgreSQL, say) adds one factory to BACKENDS: how to open a store over fresh
storage and how to make its edge writes fail, for the atomic-save test.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from catalog_api.ports import GraphStore
from catalog_api.store import SqliteGraphStore


@dataclass(frozen=True)
class Backend:
    """How the shared suite drives one storage engine."""

    name: str
    open: Callable[[], GraphStore]  # a fresh store object over the same storage
    break_edge_writes: Callable[[], None]  # make every later edge insert fail in the engine


def sqlite_backend(tmp_path: Path) -> Backend:
    path = tmp_path / "servicemap.db"

    def break_edge_writes() -> None:
        with closing(sqlite3.connect(path)) as conn:
            conn.execute(
                "CREATE TRIGGER refuse_edges BEFORE INSERT ON edges"
                " BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"
            )
            conn.commit()

    return Backend("sqlite", lambda: SqliteGraphStore(path), break_edge_writes)


BACKENDS: dict[str, Callable[[Path], Backend]] = {"sqlite": sqlite_backend}
