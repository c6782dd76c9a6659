"""servicemap export: sources, formats, stdout, and the Graphviz-missing path."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from catalog_api import graph_json
from tests.cli.harness import run, small_graph


def test_writes_newest_snapshot_as_json_when_no_snapshot_given(
    saved_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "graph.json"
    result = run("export", "--db", saved_db, "--format", "json", "-o", out)
    assert result.exit_code == 0, result.stderr
    graph = graph_json.loads(out.read_text())
    assert graph.info is not None and graph.info.commit == "bbbb"
    assert "service:payments" in graph
    assert f"Wrote json to {out}" in result.stderr


def test_reads_the_given_snapshot_when_snapshot_flag_set(saved_db: Path) -> None:
    result = run("export", "--db", saved_db, "--snapshot", "1", "-f", "json", "-o", "-")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["commit"] == "aaaa"


@pytest.mark.parametrize(
    ("fmt", "start"), [("dot", "digraph"), ("mermaid", "flowchart"), ("json", "{")]
)
def test_text_formats_go_to_stdout_when_output_is_dash(
    saved_db: Path, fmt: str, start: str
) -> None:
    result = run("export", "--db", saved_db, "--format", fmt, "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.lstrip().startswith(start)
    assert "orders-db" in result.stdout
    assert result.stderr == ""


def test_reads_graph_file_when_input_given(tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_text(graph_json.dumps(small_graph("cccc")))
    result = run("export", "-i", source, "-f", "json", "-o", "-")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["commit"] == "cccc"


def test_format_follows_output_suffix_when_format_omitted(saved_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "map.mmd"
    assert run("export", "--db", saved_db, "-o", out).exit_code == 0
    assert out.read_text().lstrip().startswith("flowchart")


@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG\r\n"), ("svg", b"<?xml")])
def test_graphviz_formats_are_rendered_when_dot_installed(
    saved_db: Path, tmp_path: Path, fmt: str, magic: bytes
) -> None:
    out = tmp_path / f"map.{fmt}"
    result = run("export", "--db", saved_db, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(magic)


def test_exits_2_naming_debian_package_when_graphviz_missing(
    saved_db: Path, tmp_path: Path
) -> None:
    no_dot = tmp_path / "bin"
    no_dot.mkdir()
    env = {"PATH": str(no_dot), "HOME": str(tmp_path)}
    servicemap = shutil.which("servicemap")
    assert servicemap is not None
    result = subprocess.run(
        [servicemap, "export", "--db", str(saved_db), "-o", str(tmp_path / "map.svg")],
        capture_output=True, text=True, env=env, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "graphviz" in result.stderr
    assert not (tmp_path / "map.svg").exists()


def test_exits_2_when_png_asked_for_on_stdout(saved_db: Path) -> None:
    result = run("export", "--db", saved_db, "--format", "png", "-o", "-")
    assert result.exit_code == 2
    assert "binary" in result.stderr


def test_exits_2_when_input_and_snapshot_both_given(saved_db: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_text(graph_json.dumps(small_graph("cccc")))
    result = run("export", "-i", source, "--snapshot", "1", "-f", "dot", "-o", "-")
    assert result.exit_code == 2
    assert "not both" in result.stderr


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--snapshot", "9", "-f", "dot", "-o", "-"], "no snapshot 9"),
        (["-o", "map.txt"], "cannot tell the format"),
    ],
)
def test_exits_2_with_one_line_when_input_unusable(
    saved_db: Path, args: list[str], reason: str
) -> None:
    result = run("export", "--db", saved_db, *args)
    assert result.exit_code == 2
    assert reason in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_exits_2_when_database_missing(tmp_path: Path) -> None:
    result = run("export", "--db", tmp_path / "none.db", "-f", "dot", "-o", "-")
    assert result.exit_code == 2
    assert "run `servicemap scan PATH` first" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_exits_2_when_database_holds_no_snapshot(tmp_path: Path) -> None:
    from catalog_api.store import SqliteGraphStore

    SqliteGraphStore(tmp_path / "empty.db")
    result = run("export", "--db", tmp_path / "empty.db", "-f", "dot", "-o", "-")
    assert result.exit_code == 2
    assert "no snapshots" in result.stderr


def test_exits_2_when_input_file_is_not_graph_json(tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_text('{"format": "something-else"}')
    result = run("export", "-i", source, "-f", "dot", "-o", "-")
    assert result.exit_code == 2
    assert "is not servicemap graph JSON" in result.stderr


def test_exports_the_scan_merged_with_the_traces_when_both_are_stored(tmp_path: Path) -> None:
    from catalog_api.model import EdgeKind
    from catalog_api.ports import SnapshotKind
    from catalog_api.store import SqliteGraphStore
    from tests.merge.graphs import scanned_shop, traced_shop

    db = tmp_path / "both.db"
    store = SqliteGraphStore(db)
    store.save(scanned_shop())
    store.save(traced_shop(), SnapshotKind.OBSERVED)
    merged = run("export", "--db", db, "-f", "json", "-o", "-")
    graph = graph_json.loads(merged.stdout)
    edge = graph.edge("service:orders", "service:payments", EdgeKind.HTTP)
    assert edge is not None and edge.traffic is not None and edge.traffic.calls == 300
    assert "service:shared" in graph and "service:orders-service" not in graph
    as_stored = run("export", "--db", db, "--snapshot", "2", "-f", "json", "-o", "-")
    assert graph_json.loads(as_stored.stdout).node("service:orders-service") is not None
