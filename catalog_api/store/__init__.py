"""Storage adapters of the GraphStore port. SQLite today; another engine is one more module
here that passes the shared suite in ``tests/store``."""

from __future__ import annotations

from catalog_api.store.facts_cache import StoreFactsCache
from catalog_api.store.file_cache import FileCache
from catalog_api.store.location import default_db_path
from catalog_api.store.schema import SCHEMA_VERSION, StoreError, StoreVersionError
from catalog_api.store.sqlite import SqliteGraphStore

__all__ = [
    "SCHEMA_VERSION",
    "FileCache",
    "SqliteGraphStore",
    "StoreError",
    "StoreFactsCache",
    "StoreVersionError",
    "default_db_path",
]
