"""The port through which the scanner keeps per-file results between scans.

The scanner only knows this protocol; the catalog adapts its SQLite store to it
(``catalog_api.store.facts_cache``). Values are opaque bytes the scanner wrote
(:mod:`scanner.facts`); the scanner treats whatever comes back as untrusted and rescans the
file when it does not decode or no longer matches.
"""

from __future__ import annotations

import hashlib
from typing import Protocol

# Part of every cache key: change it whenever the scanner may find something different in the
# same code (a detector added or fixed), so no record of an older scanner is reused.
SCANNER_VERSION = "servicemap-scanner 0.1.0/facts-1"


class FileFactsCache(Protocol):
    """``(path, key) -> bytes``; a lookup with another key is a miss."""

    def get(self, path: str, key: str) -> bytes | None: ...

    def put(self, path: str, key: str, data: bytes) -> None: ...


def cache_key(digest: str) -> str:
    """The key of one file's record: its content hash and the scanner version, so records
    of an older scanner are never reused."""
    return hashlib.sha256(f"{SCANNER_VERSION}\0{digest}".encode()).hexdigest()
