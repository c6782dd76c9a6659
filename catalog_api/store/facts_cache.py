"""The scanner's per-file cache port (``scanner.cache.FileFactsCache``) on the store's
``file_cache`` table, so ``servicemap scan`` reuses what the previous scan of the same
repository learned.

Rows are keyed by the repository's absolute path plus the file's repository-relative path, so
scans of several repositories into one database do not evict each other. Reads go through one
connection kept for the scan, all of the repository's rows in one query on the first lookup
(a rescan asks for nearly every file; one query per file was a tenth of it); writes are
buffered and committed in one transaction by :meth:`StoreFactsCache.flush` (or leaving the
``with`` block): one commit per file would cost more than scanning it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import TracebackType

from catalog_api.store.schema import StoreError, prepare, transaction


class StoreFactsCache:
    """``(path, key) -> bytes`` in the ``file_cache`` table of the database at ``db_path``,
    for the repository at ``root``. Counts the records the scan reused (:attr:`reused`)."""

    def __init__(self, db_path: Path, root: Path) -> None:
        self.db_path = Path(db_path)
        self._prefix = f"{Path(root).resolve().as_posix()}//"
        self._pending: dict[str, tuple[str, str]] = {}
        self._hits: set[str] = set()
        self._written: set[str] = set()
        self._rows: dict[str, tuple[str, object]] | None = None  # path -> (key, payload)
        prepare(self.db_path)
        self._conn: sqlite3.Connection | None = None

    def __enter__(self) -> StoreFactsCache:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            if kind is None:
                self.flush()
        finally:
            self.close()

    @property
    def reused(self) -> int:
        """Files whose stored record the scanner used (found and not replaced)."""
        return len(self._hits - self._written)

    def get(self, path: str, key: str) -> bytes | None:
        full = self._prefix + path
        pending = self._pending.get(full)
        stored, payload = pending if pending is not None else self._stored().get(full, ("", None))
        if stored != key or not isinstance(payload, str):
            return None
        try:
            data = payload.encode("utf-8")
        except UnicodeEncodeError:
            return None  # not text this cache wrote
        self._hits.add(path)
        return data

    def _stored(self) -> dict[str, tuple[str, object]]:
        if self._rows is None:
            # every row of this repository: paths from the prefix ("...//") up to the
            # first string after all of them (".../0", as "0" follows "/")
            end = self._prefix[:-1] + "0"
            rows = self._connection().execute(
                "SELECT path, content_hash, payload FROM file_cache WHERE path >= ? AND path < ?",
                (self._prefix, end),
            )
            self._rows = {path: (key, payload) for path, key, payload in rows}
        return self._rows

    def put(self, path: str, key: str, data: bytes) -> None:
        try:
            payload = data.decode("utf-8")
        except UnicodeDecodeError:
            return  # the scanner writes UTF-8 JSON; anything else is not worth keeping
        self._pending[self._prefix + path] = (key, payload)
        self._written.add(path)

    def flush(self) -> None:
        """Write the buffered records in one transaction."""
        if not self._pending:
            return
        rows = [(path, key, payload) for path, (key, payload) in self._pending.items()]
        conn = self._connection()
        with transaction(conn):
            conn.executemany(
                "INSERT INTO file_cache (path, content_hash, payload) VALUES (?, ?, ?)"
                " ON CONFLICT (path) DO UPDATE SET"
                " content_hash = excluded.content_hash, payload = excluded.payload",
                rows,
            )
        self._pending.clear()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            try:
                self._conn = sqlite3.connect(self.db_path, timeout=10.0, isolation_level=None)
            except sqlite3.Error as exc:
                raise StoreError(f"cannot open database {self.db_path}: {exc}") from exc
        return self._conn
