from __future__ import annotations

import json
from pathlib import Path

from tests.cli.harness import run


def test_lists_snapshots_oldest_first_when_db_has_some(saved_db: Path) -> None:
    result = run("snapshots", "--db", saved_db)
    assert result.exit_code == 0
    header, first, second = result.stdout.splitlines()
    assert header.split()[:5] == ["ID", "KIND", "SCANNED", "NODES", "EDGES"]
    assert first.split()[:6] == ["1", "static", "2026-11-28T19:00:00Z", "2", "1", "aaaa"]
    assert second.split()[:6] == ["2", "static", "2026-11-28T19:00:00Z", "3", "1", "bbbb"]


def test_prints_json_rows_when_json_flag_given(saved_db: Path) -> None:
    rows = json.loads(run("snapshots", "--db", saved_db, "--json").stdout)
    assert [(r["id"], r["kind"], r["commit"], r["nodes"], r["edges"]) for r in rows] == [
        (1, "static", "aaaa", 2, 1),
        (2, "static", "bbbb", 3, 1),
    ]
    assert rows[0]["source"] == "/repos/shop"


def test_says_how_to_make_one_and_creates_nothing_when_db_missing(tmp_path: Path) -> None:
    db = tmp_path / "none.db"
    result = run("snapshots", "--db", db)
    assert result.exit_code == 0
    assert "servicemap scan PATH" in result.stdout
    assert not db.exists()


def test_exits_2_with_one_line_when_db_is_not_a_servicemap_database(tmp_path: Path) -> None:
    db = tmp_path / "notes.txt"
    db.write_text("shopping list\n" * 200)
    result = run("snapshots", "--db", db)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "not a usable servicemap database" in result.stderr


def test_ingest_and_scan_store_their_kinds_when_both_run(tmp_path: Path, tiny_repo: Path) -> None:
    from tests.traces.helpers import FIXTURES

    db = tmp_path / "kinds.db"
    assert run("scan", tiny_repo, "--db", db).exit_code == 0
    assert run("ingest", FIXTURES / "jaeger_ui_trace.json", "--db", db).exit_code == 0
    rows = json.loads(run("snapshots", "--db", db, "--json").stdout)
    assert [(r["id"], r["kind"]) for r in rows] == [(1, "static"), (2, "observed")]
    assert run("snapshots", "--db", db).stdout.splitlines()[2].split()[:2] == ["2", "observed"]
