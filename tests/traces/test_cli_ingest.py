"""``servicemap ingest``: trace files in, an observed snapshot stored and graph JSON out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from catalog_api import graph_json
from catalog_api.cli import main
from catalog_api.model import EdgeKind
from catalog_api.store import SqliteGraphStore
from tests.traces.helpers import FIXTURES


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SERVICEMAP_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.chdir(tmp_path)


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_snapshot_stored_and_graph_written_when_files_are_good(tmp_path: Path) -> None:
    db, out = tmp_path / "sm.db", tmp_path / "observed.json"

    result = run(
        "ingest", FIXTURES / "late_part1.json", FIXTURES / "late_part2.json", "--db", db, "-o", out
    )

    assert result.exit_code == 0, result.output
    assert "snapshot 1" in result.output
    stored = SqliteGraphStore(db).latest()
    assert stored is not None
    call = stored.edge("service:gateway", "service:inventory", EdgeKind.HTTP)
    assert call is not None and call.traffic is not None and call.traffic.calls == 5
    written = graph_json.loads(out.read_text())
    assert written.edge("service:gateway", "service:inventory", EdgeKind.HTTP) == call


def test_summary_is_json_with_edges_when_asked(tmp_path: Path) -> None:
    result = run("ingest", FIXTURES / "jaeger_ui_trace.json", "--db", tmp_path / "sm.db", "--json")

    report = json.loads(result.output)
    assert report["counts"]["services"] == 2
    (only,) = report["edges"]
    assert (only["source"], only["target"], only["traffic"]["errors"]) == (
        "service:gateway",
        "service:auth",
        1,
    )


def test_graph_json_on_stdout_when_output_is_dash(tmp_path: Path) -> None:
    result = run("ingest", FIXTURES / "zipkin_shared.json", "--db", tmp_path / "sm.db", "-o", "-")

    assert result.exit_code == 0
    assert graph_json.loads(result.stdout).node("service:backend") is not None


def test_diagnostic_reported_and_rest_stored_when_one_file_is_malformed(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"data": [{"spans": 3, "processes": {}}]}')

    result = run("ingest", bad, FIXTURES / "jaeger_ui_trace.json", "--db", tmp_path / "sm.db")

    assert result.exit_code == 0
    assert "malformed-trace: data[0].spans: expected a list, got a number" in result.output
    stored = SqliteGraphStore(tmp_path / "sm.db").latest()
    assert stored is not None and stored.node("service:auth") is not None


def test_exit_2_and_nothing_stored_when_no_file_can_be_read(tmp_path: Path) -> None:
    db = tmp_path / "sm.db"
    run("ingest", FIXTURES / "jaeger_ui_trace.json", "--db", db)
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2")

    result = run("ingest", bad, "--db", db)

    assert result.exit_code == 2
    assert f"no trace file could be read; {bad}: not valid JSON" in result.stderr
    assert [ref.id for ref in SqliteGraphStore(db).snapshots()] == [1]  # earlier one kept
