"""The group: registration, version, help that teaches, and a light import."""

from __future__ import annotations

import subprocess
import sys

import pytest

from catalog_api.cli import COMMANDS, main
from catalog_api.cli.export import FORMATS as CLI_FORMATS
from catalog_api.export import FORMATS
from tests.cli.harness import run

HEAVY = ("fastapi", "uvicorn", "libcst", "starlette", "rich.progress", "networkx")


def test_every_command_is_registered_once_when_cli_imported() -> None:
    names = [c.name or "" for c in COMMANDS]
    assert len(names) == len(set(names))
    assert set(names) >= {"scan", "export", "snapshots", "serve", "demo"}
    assert sorted(main.commands) == sorted(names)


def test_version_prints_installed_version_when_asked() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("servicemap, version ")


@pytest.mark.parametrize("name", ["scan", "export", "snapshots", "serve", "demo"])
def test_help_explains_and_gives_example_when_command_help_asked(name: str) -> None:
    result = run(name, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert f"servicemap {name}" in result.stdout.split("Example", 1)[1]


def test_cli_formats_match_renderers_when_compared() -> None:
    assert CLI_FORMATS == FORMATS


def test_importing_cli_loads_no_heavy_module_when_only_help_is_needed() -> None:
    code = f"import sys, catalog_api.cli\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == ""
    assert "catalog_api.cli" in result.stderr  # -X importtime really reported


def test_console_script_prints_help_when_installed() -> None:
    result = subprocess.run(
        ["servicemap", "--help"], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    for name in ("scan", "export", "snapshots", "serve", "demo"):
        assert name in result.stdout


def test_unknown_command_exits_2_when_given() -> None:
    result = run("frobnicate")
    assert result.exit_code == 2
    assert "No such command" in result.stderr
