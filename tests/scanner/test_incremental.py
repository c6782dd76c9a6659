"""The per-file cache: a rescan reuses records while the file and everything its results were
computed from are unchanged, and always gives the graph a cold scan gives."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

import scanner.cache
import scanner.sources
from catalog_api import graph_json
from scanner import scan_repository
from scanner.cache import SIGNATURES_PATH
from tests.scanner.repo_files import write_repo

REPOS = Path(__file__).parent / "repos"
SAMPLE = Path(__file__).resolve().parents[2] / "sample_system"


class DictCache:
    """The cache port over a dict, counting the file records the scanner asked for and
    wrote (the one signatures record is not a file's)."""

    def __init__(self) -> None:
        self.records: dict[tuple[str, str], bytes] = {}
        self.hits: list[str] = []
        self.writes: list[str] = []

    def get(self, path: str, key: str) -> bytes | None:
        found = self.records.get((path, key))
        if found is not None and path != SIGNATURES_PATH:
            self.hits.append(path)
        return found

    def put(self, path: str, key: str, data: bytes) -> None:
        self.records[(path, key)] = data
        if path != SIGNATURES_PATH:
            self.writes.append(path)

    def reset_counts(self) -> None:
        self.hits, self.writes = [], []


def _json(root: Path, **kwargs: object) -> str:
    graph = scan_repository(root, **kwargs)  # type: ignore[arg-type]
    graph.info = None
    return graph_json.dumps(graph)


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    copy = Path(shutil.copytree(REPOS / "shop", tmp_path / "shop"))
    settled = time.time() - 60  # files as a checkout leaves them: not modified just now
    for path in copy.rglob("*"):
        os.utime(path, (settled, settled))
    return copy


def test_unchanged_files_are_not_read_when_their_size_mtime_and_inode_match(
    shop: Path, reads: list[str]
) -> None:
    cache = DictCache()
    cold = _json(shop, cache=cache)
    assert "orders/orders/app.py" in reads
    reads.clear()
    assert _json(shop, cache=cache) == cold
    assert reads == []
    app = shop / "orders/orders/app.py"
    app.write_text(app.read_text() + "\n# touched\n")
    reads.clear()
    rescanned = _json(shop, cache=cache)
    # the edited file, then only modules its own scan consults (its package)
    assert reads[0] == "orders/orders/app.py"
    assert reads.count("orders/orders/app.py") == 1
    assert all(rel.startswith("orders/orders/") for rel in reads)
    assert rescanned == _json(shop)


def test_file_modified_just_now_is_hashed_again_when_rescanned(
    shop: Path, reads: list[str]
) -> None:
    cache = DictCache()
    app = shop / "orders/orders/app.py"
    os.utime(app)  # now: an edit in this clock tick could keep the signature
    _json(shop, cache=cache)
    reads.clear()
    _json(shop, cache=cache)
    assert reads == ["orders/orders/app.py"]


def test_content_change_is_seen_when_the_size_stays_the_same(shop: Path) -> None:
    cache = DictCache()
    _json(shop, cache=cache)
    app = shop / "orders/orders/app.py"
    text = app.read_text()
    assert "localhost" in text or "http" in text
    edited = text.replace("http", "htTp", 1)
    assert len(edited) == len(text)
    app.write_text(edited)
    assert _json(shop, cache=cache) == _json(shop)


def test_rescan_reuses_every_record_when_nothing_changed(shop: Path) -> None:
    cache = DictCache()
    cold = _json(shop, cache=cache)
    scanned = sorted(cache.writes)
    cache.reset_counts()
    assert _json(shop, cache=cache) == cold
    assert cache.writes == []
    assert sorted(cache.hits) == scanned and scanned


def test_only_the_changed_file_is_rescanned_when_one_file_changes(shop: Path) -> None:
    cache = DictCache()
    _json(shop, cache=cache)
    cache.reset_counts()
    app = shop / "orders/orders/app.py"
    app.write_text(app.read_text() + "\n# touched\n")
    assert _json(shop, cache=cache) == _json(shop)
    assert cache.writes == ["orders/orders/app.py"]


def test_dependent_file_is_rescanned_when_a_module_it_reads_changes(shop: Path) -> None:
    cache = DictCache()
    _json(shop, cache=cache)
    cache.reset_counts()
    settings = shop / "web/web/settings.py"
    settings.write_text(settings.read_text().replace("localhost:5000", "orders-api:8080"))
    assert _json(shop, cache=cache) == _json(shop)
    assert "web/web/main.py" in cache.writes


def test_records_are_not_reused_when_the_scanner_version_changes(
    shop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = DictCache()
    cold = _json(shop, cache=cache)
    scanned = sorted(cache.writes)
    cache.reset_counts()
    monkeypatch.setattr(scanner.cache, "SCANNER_VERSION", "servicemap-scanner 99")
    assert _json(shop, cache=cache) == cold
    assert cache.hits == [] and sorted(cache.writes) == scanned


@pytest.mark.parametrize(
    "garbage",
    [
        b"\x80\x81 not utf-8",
        b"{not json",
        b'{"format": 1}',
        b'{"format":1,"path":"x","digest":"y","findings":[{"@":"Popen","args":"rm"}],'
        b'"diagnostics":[],"depends":[],"layout":null}',
    ],
)
def test_file_is_rescanned_when_its_cached_bytes_are_corrupt(shop: Path, garbage: bytes) -> None:
    cache = DictCache()
    cold = _json(shop, cache=cache)
    scanned = sorted(cache.writes)
    cache.records = dict.fromkeys(cache.records, garbage)
    cache.reset_counts()
    assert _json(shop, cache=cache) == cold
    assert sorted(cache.writes) == scanned


def test_tampered_field_types_are_rejected_when_decoding() -> None:
    from scanner.facts import FactsError, decode

    record = (
        b'{"format":1,"path":"a.py","digest":"d","diagnostics":[],"depends":[],"layout":null,'
        b'"findings":[{"@":"HttpCall","path":"a.py","line":1,"library":"requests",'
        b'"method":"GET","url":"http://not-a-value","client":null}]}'
    )
    with pytest.raises(FactsError):
        decode(record)


@pytest.mark.parametrize("root", [REPOS / "shop", SAMPLE], ids=["shop", "sample"])
def test_graph_is_the_same_when_scanned_with_or_without_cache(root: Path) -> None:
    cache = DictCache()
    plain = _json(root)
    assert _json(root, cache=cache) == plain
    assert _json(root, cache=cache) == plain
    assert cache.hits


@pytest.mark.parametrize("root", [REPOS / "shop", SAMPLE], ids=["shop", "sample"])
def test_graph_is_the_same_when_scanned_with_one_or_two_workers(root: Path) -> None:
    assert _json(root, workers=2) == _json(root, workers=1)


def test_caller_is_rescanned_when_the_module_it_imports_starts_building_a_client(
    tmp_path: Path,
) -> None:
    files = {
        "api/pyproject.toml": "",
        "api/app/__init__.py": "",
        "api/app/main.py": "from app.clients import billing\n\nbilling.post('/invoices')\n",
        "api/app/clients.py": "billing = None\n",
    }
    write_repo(tmp_path, files)
    cache = DictCache()
    assert "external:billing.internal" not in _json(tmp_path, cache=cache)
    (tmp_path / "api/app/clients.py").write_text(
        "import httpx\n\nbilling = httpx.Client(base_url='http://billing.internal')\n"
    )
    rescanned = _json(tmp_path, cache=cache)
    assert "external:billing.internal" in rescanned
    assert rescanned == _json(tmp_path)
