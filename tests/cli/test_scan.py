"""servicemap scan, against a tiny real repository (the real scanner, a real database)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from catalog_api import graph_json
from catalog_api.model import EdgeKind
from catalog_api.store import SqliteGraphStore
from tests.cli.harness import run, write_files


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_stores_snapshot_and_prints_summary_when_repo_scanned(
    tiny_repo: Path, tmp_path: Path
) -> None:
    db = tmp_path / "scan.db"
    result = run("scan", tiny_repo, "--db", db)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"Scanned {tiny_repo}: snapshot 1"
    assert lines[1].split() == ["services", "2"]
    assert lines[5].split() == ["edges", "1"]
    (ref,) = SqliteGraphStore(db).snapshots()
    assert ref.info.source == str(tiny_repo)
    assert ref.info.tool_version and ref.info.time


def test_writes_graph_with_the_http_call_when_output_given(tiny_repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.json"
    result = run("scan", tiny_repo, "--db", tmp_path / "scan.db", "-o", out)
    assert result.exit_code == 0, result.stderr
    graph = graph_json.loads(out.read_text())
    assert {n.id for n in graph.nodes()} >= {"service:orders", "service:payments"}
    edge = graph.edge("service:orders", "service:payments", EdgeKind.HTTP)
    assert edge is not None


def test_prints_machine_readable_summary_when_json_flag_given(
    tiny_repo: Path, tmp_path: Path
) -> None:
    db = tmp_path / "scan.db"
    result = run("scan", tiny_repo, "--db", db, "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["snapshot"] == 1 and report["db"] == str(db)
    assert report["counts"]["services"] == 2
    assert report["counts"]["diagnostics"] == len(report["diagnostics"])


def test_graph_goes_to_stdout_and_summary_to_stderr_when_output_is_dash(
    tiny_repo: Path, tmp_path: Path
) -> None:
    result = run("scan", tiny_repo, "--db", tmp_path / "scan.db", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert "service:payments" in graph_json.loads(result.stdout)
    assert result.stderr.startswith("Scanned ")


def test_exits_2_with_one_line_when_path_does_not_exist(tmp_path: Path) -> None:
    result = run("scan", tmp_path / "nowhere", "--db", tmp_path / "scan.db")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"Error: {tmp_path / 'nowhere'} does not exist; give the folder of a repository to scan"
    ]
    assert not (tmp_path / "scan.db").exists()


def test_exits_2_when_path_is_a_file(tiny_repo: Path, tmp_path: Path) -> None:
    result = run("scan", tiny_repo / "docker-compose.yml", "--db", tmp_path / "scan.db")
    assert result.exit_code == 2
    assert "is not a directory" in result.stderr


def test_exits_1_after_storing_when_diagnostics_reach_threshold(
    tiny_repo: Path, tmp_path: Path
) -> None:
    # The scanner parses only files that import a library it knows, so this one does.
    write_files(tiny_repo, {"orders/broken.py": "import requests\n\ndef broken(:\n    pass\n"})
    db = tmp_path / "scan.db"
    result = run("scan", tiny_repo, "--db", db, "--fail-on-diagnostics", "warning")
    assert result.exit_code == 1
    assert "broken.py" in result.stdout
    assert "Failing:" in result.stderr
    assert len(SqliteGraphStore(db).snapshots()) == 1


def test_exits_0_when_no_diagnostic_reaches_threshold(tiny_repo: Path, tmp_path: Path) -> None:
    result = run(
        "scan", tiny_repo, "--db", tmp_path / "scan.db", "--fail-on-diagnostics", "warning"
    )
    assert result.exit_code == 0, result.stdout + result.stderr


def test_leaves_repository_untouched_and_uses_data_home_when_no_db_given(
    tiny_repo: Path, tmp_path: Path
) -> None:
    before = _tree(tiny_repo)
    result = run("scan", tiny_repo)
    assert result.exit_code == 0, result.stderr
    assert _tree(tiny_repo) == before
    assert (tmp_path / "data-home" / "servicemap" / "servicemap.db").is_file()


def test_console_script_scans_when_run_as_a_process(tiny_repo: Path, tmp_path: Path) -> None:
    env = {**os.environ, "SERVICEMAP_DB": str(tmp_path / "proc.db")}
    result = subprocess.run(
        ["servicemap", "scan", str(tiny_repo), "--json"],
        capture_output=True, text=True, env=env, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["db"] == str(tmp_path / "proc.db")
    assert result.stderr == ""  # stderr is not a TTY here: no progress bar


def _edges(out: Path) -> set[tuple[str, str]]:
    return {(e.source, e.target) for e in graph_json.loads(out.read_text()).edges()}


def test_excluded_directory_is_not_mapped_when_exclude_given(
    tiny_repo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "graph.json"
    result = run("scan", tiny_repo, "--db", tmp_path / "s.db", "-o", out, "--exclude", "orders")
    assert result.exit_code == 0, result.stderr
    assert ("service:orders", "service:payments") not in _edges(out)


def test_exclude_comes_from_the_config_file_when_set_there(
    tiny_repo: Path, tmp_path: Path, isolated: Path
) -> None:
    (isolated / "servicemap.toml").write_text('exclude = ["orders/app.py"]\n')
    out = tmp_path / "graph.json"
    result = run("scan", tiny_repo, "--db", tmp_path / "s.db", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert ("service:orders", "service:payments") not in _edges(out)


def test_exits_2_when_the_config_file_gives_exclude_a_number(
    tiny_repo: Path, tmp_path: Path, isolated: Path
) -> None:
    (isolated / "servicemap.toml").write_text("exclude = 3\n")
    result = run("scan", tiny_repo, "--db", tmp_path / "s.db")
    assert result.exit_code == 2
    assert "exclude must be" in result.stderr
