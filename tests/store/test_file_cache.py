from __future__ import annotations

from pathlib import Path

from catalog_api.store import FileCache, SqliteGraphStore
from tests.store.graphs import shop_graph


def test_get_returns_payload_when_hash_matches(tmp_path: Path) -> None:
    cache = FileCache(tmp_path / "servicemap.db")
    cache.put("services/orders/app.py", "sha256:aa", '{"calls": 3}')
    assert cache.get("services/orders/app.py", "sha256:aa") == '{"calls": 3}'


def test_get_misses_when_content_hash_changed(tmp_path: Path) -> None:
    cache = FileCache(tmp_path / "servicemap.db")
    cache.put("app.py", "sha256:aa", "old")
    assert cache.get("app.py", "sha256:bb") is None
    assert cache.get("other.py", "sha256:aa") is None


def test_put_replaces_entry_when_path_stored_again(tmp_path: Path) -> None:
    cache = FileCache(tmp_path / "servicemap.db")
    cache.put("app.py", "sha256:aa", "old")
    cache.put("app.py", "sha256:bb", "new")
    assert cache.get("app.py", "sha256:aa") is None
    assert cache.get("app.py", "sha256:bb") == "new"


def test_cache_and_snapshots_share_one_file_when_both_used(tmp_path: Path) -> None:
    path = tmp_path / "servicemap.db"
    ref = SqliteGraphStore(path).save(shop_graph())
    FileCache(path).put("app.py", "h", "p")
    assert SqliteGraphStore(path).snapshots() == [ref]
    assert FileCache(path).get("app.py", "h") == "p"
