"""The scanner's cache port on the store's file_cache table (a real SQLite file)."""

from __future__ import annotations

from pathlib import Path

from catalog_api.store import StoreFactsCache


def test_record_is_found_when_put_and_flushed(tmp_path: Path) -> None:
    db = tmp_path / "cache.db"
    with StoreFactsCache(db, tmp_path / "repo") as cache:
        cache.put("svc/app.py", "k1", b'{"a": 1}')
    with StoreFactsCache(db, tmp_path / "repo") as cache:
        assert cache.get("svc/app.py", "k1") == b'{"a": 1}'
        assert cache.get("svc/app.py", "k2") is None
        assert cache.reused == 1


def test_records_of_two_repositories_do_not_collide_when_paths_are_equal(tmp_path: Path) -> None:
    db = tmp_path / "cache.db"
    with StoreFactsCache(db, tmp_path / "one") as one:
        one.put("app.py", "k", b"one")
    with StoreFactsCache(db, tmp_path / "two") as two:
        two.put("app.py", "k", b"two")
    with StoreFactsCache(db, tmp_path / "one") as one:
        assert one.get("app.py", "k") == b"one"


def test_only_its_own_rows_are_read_when_one_repository_path_prefixes_another(
    tmp_path: Path,
) -> None:
    db = tmp_path / "cache.db"
    for name in ("repo", "repo2", "repo-x", "repo/sub"):
        with StoreFactsCache(db, tmp_path / name) as cache:
            cache.put("app.py", "k", name.encode())
    for name in ("repo", "repo2", "repo-x", "repo/sub"):
        with StoreFactsCache(db, tmp_path / name) as cache:
            assert cache.get("app.py", "k") == name.encode()
            assert cache.get("other.py", "k") is None


def test_record_is_not_counted_as_reused_when_the_scanner_replaced_it(tmp_path: Path) -> None:
    db = tmp_path / "cache.db"
    with StoreFactsCache(db, tmp_path) as cache:
        cache.put("a.py", "k", b"old")
    with StoreFactsCache(db, tmp_path) as cache:
        assert cache.get("a.py", "k") == b"old"
        cache.put("a.py", "k", b"new")
        assert cache.reused == 0
    with StoreFactsCache(db, tmp_path) as cache:
        assert cache.get("a.py", "k") == b"new"


def test_nothing_is_written_when_the_scan_fails(tmp_path: Path) -> None:
    db = tmp_path / "cache.db"
    try:
        with StoreFactsCache(db, tmp_path) as cache:
            cache.put("a.py", "k", b"half")
            raise RuntimeError("scan crashed")
    except RuntimeError:
        pass
    with StoreFactsCache(db, tmp_path) as cache:
        assert cache.get("a.py", "k") is None
