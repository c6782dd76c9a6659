"""The benchmark's hook into the scanner's incremental cache.

:func:`cache_argument` reads ``inspect.signature(scanner.scan_repository)``: the first
parameter named in ``CACHE_PARAMETERS`` receives the cache, as the CLI would give it. For a
``Path``-annotated parameter that is the database path; for ``store`` a
``SqliteGraphStore``; otherwise an object with the scanner's ``FileFactsCache`` shape
(``get(path, key) -> bytes | None``, ``put(path, key, data)``): the catalog's adapter from
``catalog_api.store.facts_cache`` when that module exists (built from the database path and
the repository root, whichever its constructor asks for, and flushed after the scan as the CLI
does), else :class:`SqliteFactsCache` below. If the scanner's or the store's API changes
again, this module is the one place to adapt.
"""

from __future__ import annotations

import importlib
import inspect
import sqlite3
from collections.abc import Callable
from pathlib import Path

CACHE_PARAMETERS = ("cache", "file_cache", "store", "cache_path", "cache_db", "cache_dir")
CATALOG_ADAPTER = "catalog_api.store.facts_cache"


class SqliteFactsCache:
    """``(path, key) -> bytes`` in one SQLite file, one open connection, WAL journal: what a
    reasonable store adapter costs, used until the catalog ships its own."""

    def __init__(self, db_path: Path) -> None:
        self._db = sqlite3.connect(db_path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS facts (path TEXT PRIMARY KEY, key TEXT, data BLOB)"
        )

    def get(self, path: str, key: str) -> bytes | None:
        row = self._db.execute(
            "SELECT data FROM facts WHERE path = ? AND key = ?", (path, key)
        ).fetchone()
        return None if row is None else bytes(row[0])

    def put(self, path: str, key: str, data: bytes) -> None:
        self._db.execute(
            "INSERT INTO facts (path, key, data) VALUES (?, ?, ?) ON CONFLICT (path)"
            " DO UPDATE SET key = excluded.key, data = excluded.data",
            (path, key, data),
        )


def cache_hook() -> str | None:
    """The name of the cache parameter the scanner offers, if any."""
    import scanner

    parameters = inspect.signature(scanner.scan_repository).parameters
    return next((name for name in CACHE_PARAMETERS if name in parameters), None)


Finish = Callable[[], None]


def cache_argument(db_path: Path, root: Path) -> tuple[dict[str, object], str, Finish]:
    """Keyword argument giving ``scan_repository`` its cache (``{}`` while it has none), a
    description of what was passed, and what to call once the scan is done (flush)."""
    import scanner

    parameters = inspect.signature(scanner.scan_repository).parameters
    name = cache_hook()
    if name is None:
        return {}, "none", _nothing
    annotation = str(parameters[name].annotation).replace(" | None", "")
    if annotation in ("Path", "pathlib.Path", "<class 'pathlib.Path'>"):
        return {name: db_path}, "database path", _nothing
    if name == "store":
        from catalog_api.store import SqliteGraphStore

        return {name: SqliteGraphStore(db_path)}, "catalog_api.store.SqliteGraphStore", _nothing
    adapter = _catalog_adapter()
    if adapter is None:
        own = SqliteFactsCache(db_path)
        return {name: own}, "benchmarks/scan_cache.py SqliteFactsCache", _nothing
    wanted = inspect.signature(adapter).parameters
    given = {"db_path": db_path, "path": db_path, "root": root, "repo": root}
    cache = adapter(**{k: v for k, v in given.items() if k in wanted})
    finish = getattr(cache, "flush", None) or _nothing
    return {name: cache}, f"{CATALOG_ADAPTER}.{adapter.__name__}", finish


def _nothing() -> None:
    return None


def _catalog_adapter() -> type | None:
    try:
        module = importlib.import_module(CATALOG_ADAPTER)
    except ImportError:
        return None
    for value in vars(module).values():
        if not isinstance(value, type) or value.__module__ != module.__name__:
            continue
        if callable(getattr(value, "get", None)) and callable(getattr(value, "put", None)):
            return value
    return None
