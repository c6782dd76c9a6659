"""A record computed with a text search of its source root (the evaluator finding a function's
callers, an attribute's assignments) depends on what that search found, not on every file it
looked at: editing another file of the root reuses the record unless the edit changes what
matches."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from scanner.sources import SEARCH_PREFIX, SourceFiles
from tests.scanner.test_incremental import DictCache, _json

CALLER = 'from app.main import order\n\norder("http://orders:8000/orders")\n'
FILES = {
    "docker-compose.yml": (
        "services:\n  web:\n    build: ./web\n  orders:\n    build: ./orders\n"
        "  billing:\n    build: ./billing\n"
    ),
    "web/app/__init__.py": "",
    # the URL is a parameter: the evaluator searches web/ for callers of ``order``
    "web/app/main.py": "import requests\n\n\ndef order(url):\n    return requests.post(url)\n",
    "web/app/calls.py": CALLER,
    "web/app/other.py": "def total(items):\n    return sum(items)\n",
    "orders/orders/__init__.py": "",
    "orders/orders/app.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
    "billing/billing/__init__.py": "",
    "billing/billing/app.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
}


def _targets(graph: str) -> set[str]:
    return {edge["target"] for edge in json.loads(graph)["edges"]}


def _settle(root: Path) -> None:
    """Files as a checkout leaves them: not modified within the last clock tick."""
    settled = time.time() - 60
    for path in root.rglob("*"):
        os.utime(path, (settled, settled))


@pytest.fixture
def web(tmp_path: Path) -> Path:
    for rel, text in FILES.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    _settle(tmp_path)
    return tmp_path


def test_record_is_reused_when_another_file_of_its_search_root_changes(
    web: Path, parsed: list[str]
) -> None:
    cache = DictCache()
    cold = _json(web, cache=cache)
    assert "web/app/main.py" in parsed and _targets(cold) == {"service:orders"}
    other = web / "web/app/other.py"
    other.write_text(other.read_text() + "\n\ndef average(items):\n    return total(items)\n")
    parsed.clear()
    rescanned = _json(web, cache=cache)
    assert parsed == []
    assert rescanned == _json(web)


def test_record_is_rescanned_when_an_edit_changes_what_its_search_finds(
    web: Path, parsed: list[str]
) -> None:
    cache = DictCache()
    assert _targets(_json(web, cache=cache)) == {"service:orders"}
    other = web / "web/app/other.py"
    other.write_text('from app.main import order\n\norder("http://billing:8000/pay")\n')
    parsed.clear()
    rescanned = _json(web, cache=cache)
    assert "web/app/main.py" in parsed
    assert _targets(rescanned) == {"service:orders", "service:billing"}
    assert rescanned == _json(web)


def test_record_is_rescanned_when_a_matching_file_changes(web: Path) -> None:
    cache = DictCache()
    _json(web, cache=cache)
    (web / "web/app/calls.py").write_text(CALLER.replace("orders:8000", "billing:8000"))
    rescanned = _json(web, cache=cache)
    assert _targets(rescanned) == {"service:billing"}
    assert rescanned == _json(web)


def test_search_is_not_repeated_when_its_record_was_brought_up_to_date(
    web: Path, reads: list[str]
) -> None:
    cache = DictCache()
    _json(web, cache=cache)
    other = web / "web/app/other.py"
    other.write_text(other.read_text() + "\n# touched\n")
    _settle(web)
    _json(web, cache=cache)  # searches web/ again, finds the same, records the new digests
    reads.clear()
    rescanned = _json(web, cache=cache)
    assert reads == []  # without the refresh, web/ would be searched (read) again
    assert rescanned == _json(web)


def _sources(root: Path) -> SourceFiles:
    paths = [p.relative_to(root).as_posix() for p in root.rglob("*.py")]
    return SourceFiles(root, paths)


def test_search_records_the_search_and_the_layout_when_recording(web: Path) -> None:
    sources = _sources(web)
    with sources.recording() as reading:
        found = sources.search("web/", r"\border\s*\(", 2000)
    assert found == ["web/app/calls.py", "web/app/main.py"]  # ``def order(`` too
    assert reading.files == set() and reading.layout
    [key] = reading.narrow
    assert key.startswith(SEARCH_PREFIX)
    recorded = ((key, sources.narrow_digest(key)),)
    assert sources.still_true(recorded) is recorded


def test_search_dependency_holds_while_the_matches_are_the_same(web: Path) -> None:
    before = _sources(web)
    key = SEARCH_PREFIX + "web/\x002000\x00\\border\\s*\\("
    recorded = ((key, before.narrow_digest(key)),)
    (web / "web/app/other.py").write_text("x = 1\n")
    after = _sources(web)
    fresh = after.still_true(recorded)
    assert fresh is not None and fresh != recorded  # holds, brought up to date
    assert fresh == ((key, after.narrow_digest(key)),)
    (web / "web/app/other.py").write_text("order(1)\n")
    assert _sources(web).still_true(recorded) is None


@pytest.mark.parametrize(
    "key, recorded",
    [
        (SEARCH_PREFIX + "web/\x00many\x00x", "a b"),
        (SEARCH_PREFIX + "web/", "a b"),
        (SEARCH_PREFIX + "web/\x002000\x00(", "a b"),
        (SEARCH_PREFIX + "web/\x002000\x00x", None),
        (SEARCH_PREFIX + "web/\x002000\x00x", "no-space"),
    ],
)
def test_malformed_search_dependency_does_not_hold(
    web: Path, key: str, recorded: str | None
) -> None:
    assert _sources(web).still_true(((key, recorded),)) is None
