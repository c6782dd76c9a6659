"""A per-file cache for incremental scans, in the same database file as the snapshots.

The scanner can store what it learned from a file (any text, typically JSON) under the file's
path and content hash, and skip re-parsing it while the hash still matches.
"""

from __future__ import annotations

from pathlib import Path

from catalog_api.store.schema import connect, prepare, transaction


class FileCache:
    """``path -> (content_hash, payload)``; a lookup with a different hash is a miss."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        prepare(self.db_path)

    def get(self, path: str, content_hash: str) -> str | None:
        """The payload stored for ``path`` if it was stored for this ``content_hash``."""
        with connect(self.db_path) as conn:
            row = conn.execute(
                "SELECT payload FROM file_cache WHERE path = ? AND content_hash = ?",
                (path, content_hash),
            ).fetchone()
        return None if row is None else str(row[0])

    def put(self, path: str, content_hash: str, payload: str) -> None:
        """Store ``payload`` for ``path``, replacing whatever an older content left there."""
        with connect(self.db_path) as conn, transaction(conn):
            conn.execute(
                "INSERT INTO file_cache (path, content_hash, payload) VALUES (?, ?, ?)"
                " ON CONFLICT (path) DO UPDATE SET"
                " content_hash = excluded.content_hash, payload = excluded.payload",
                (path, content_hash, payload),
            )
