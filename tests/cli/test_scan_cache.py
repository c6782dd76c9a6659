"""servicemap scan keeps per-file results in its database: a second scan of an unchanged
repository reuses them and says so, and stores the same graph."""

from __future__ import annotations

from pathlib import Path

from catalog_api import graph_json
from tests.cli.harness import run

SAMPLE = Path(__file__).resolve().parents[2] / "sample_system"


def _graph(path: Path) -> str:
    graph = graph_json.loads(path.read_text())
    graph.info = None
    return graph_json.dumps(graph)


def test_second_scan_reports_files_from_cache_when_nothing_changed(tmp_path: Path) -> None:
    db = tmp_path / "scan.db"
    first = run("scan", SAMPLE, "--db", db, "-o", tmp_path / "first.json")
    second = run("scan", SAMPLE, "--db", db, "-o", tmp_path / "second.json")
    assert first.exit_code == 0 and second.exit_code == 0, second.stderr
    assert "from cache" not in first.stdout.splitlines()[0]
    assert second.stdout.splitlines()[0].endswith(" files from cache)")
    assert _graph(tmp_path / "first.json") == _graph(tmp_path / "second.json")
