"""Defaults from ./pyproject.toml or ./servicemap.toml; flags and the environment win."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog_api.store import SqliteGraphStore
from tests.cli.harness import run, small_graph


def _ids(stdout: str) -> list[int]:
    return [row["id"] for row in json.loads(stdout)]


def test_db_comes_from_pyproject_when_tool_section_sets_it(isolated: Path) -> None:
    (isolated / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.servicemap]\ndb = "maps/x.db"\n'
    )
    SqliteGraphStore(isolated / "maps" / "x.db").save(small_graph("aaaa"))
    result = run("snapshots", "--json")
    assert result.exit_code == 0, result.stderr
    assert _ids(result.stdout) == [1]


def test_db_comes_from_servicemap_toml_when_both_files_exist(isolated: Path) -> None:
    (isolated / "pyproject.toml").write_text('[tool.servicemap]\ndb = "other.db"\n')
    (isolated / "servicemap.toml").write_text('db = "mine.db"\n')
    SqliteGraphStore(isolated / "mine.db").save(small_graph("aaaa"))
    assert _ids(run("snapshots", "--json").stdout) == [1]


def test_flag_wins_over_config_when_both_name_a_db(isolated: Path, tmp_path: Path) -> None:
    (isolated / "servicemap.toml").write_text('db = "mine.db"\n')
    SqliteGraphStore(isolated / "mine.db").save(small_graph("aaaa"))
    assert _ids(run("snapshots", "--json", "--db", tmp_path / "empty.db").stdout) == []


def test_environment_wins_over_config_when_servicemap_db_set(
    isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (isolated / "servicemap.toml").write_text('db = "mine.db"\n')
    SqliteGraphStore(isolated / "mine.db").save(small_graph("aaaa"))
    monkeypatch.setenv("SERVICEMAP_DB", str(tmp_path / "env.db"))
    assert _ids(run("snapshots", "--json").stdout) == []


def test_exits_2_naming_the_key_when_config_has_unknown_setting(isolated: Path) -> None:
    (isolated / "servicemap.toml").write_text('database = "typo.db"\n')
    result = run("snapshots")
    assert result.exit_code == 2
    assert "unknown setting 'database'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_exits_2_when_config_is_not_toml(isolated: Path) -> None:
    (isolated / "servicemap.toml").write_text("db = \n")
    result = run("snapshots")
    assert result.exit_code == 2
    assert "cannot read config" in result.stderr


def test_pyproject_without_tool_section_is_ignored_when_present(isolated: Path) -> None:
    (isolated / "pyproject.toml").write_text('[project]\nname = "x"\n')
    result = run("snapshots")
    assert result.exit_code == 0
    assert "No snapshots" in result.stdout
