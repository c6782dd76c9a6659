"""The port through which the scanner keeps per-file results between scans.

The scanner only knows this protocol; the catalog adapts its SQLite store to it
(``catalog_api.store.facts_cache``). Values are opaque bytes the scanner wrote
(:mod:`scanner.facts`); the scanner treats whatever comes back as untrusted and rescans the
file when it does not decode or no longer matches.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Protocol

import orjson

# Part of every cache key: change it whenever the scanner may find something different in the
# same code (a detector added or fixed), so no record of an older scanner is reused.
SCANNER_VERSION = "servicemap-scanner 0.1.0/facts-34"
# The record of every file's stat signature and digest, kept in the same cache under a path
# no repository file has: one record, read once per scan.
SIGNATURES_PATH = "?signatures"
Signature = tuple[str, str]  # ("size:mtime_ns:inode", sha256 of the bytes)


class FileFactsCache(Protocol):
    """``(path, key) -> bytes``; a lookup with another key is a miss."""

    def get(self, path: str, key: str) -> bytes | None: ...

    def put(self, path: str, key: str, data: bytes) -> None: ...


def cache_key(digest: str) -> str:
    """The key of one file's record: its content hash and the scanner version, so records
    of an older scanner are never reused."""
    return hashlib.sha256(f"{SCANNER_VERSION}\0{digest}".encode()).hexdigest()


def load_signatures(cache: FileFactsCache | None) -> dict[str, Signature]:
    """The signatures the previous scan saw; empty when there are none or they do not decode
    (the record is untrusted bytes: a bad one only costs hashing every file once)."""
    data = cache.get(SIGNATURES_PATH, cache_key(SIGNATURES_PATH)) if cache is not None else None
    if data is None:
        return {}
    try:
        raw = orjson.loads(data)
    except (ValueError, RecursionError):
        return {}
    if not isinstance(raw, dict):
        return {}
    return {
        path: (pair[0], pair[1])
        for path, pair in raw.items()
        if isinstance(path, str)
        and isinstance(pair, list)
        and len(pair) == 2
        and all(isinstance(part, str) for part in pair)
    }


def save_signatures(
    cache: FileFactsCache | None,
    signatures: Mapping[str, Signature],
    previous: Mapping[str, Signature],
) -> None:
    """Keep this scan's signatures for the next one (written only when they changed)."""
    if cache is None or signatures == previous:
        return
    data = orjson.dumps({p: list(s) for p, s in sorted(signatures.items())})
    cache.put(SIGNATURES_PATH, cache_key(SIGNATURES_PATH), data)
