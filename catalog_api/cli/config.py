"""Defaults from a config file in the current directory; command-line flags and environment
variables win over it.

Read from ``servicemap.toml`` (top-level keys) or else ``[tool.servicemap]`` in
``pyproject.toml``. Known keys, and the commands they apply to:

    db = "var/servicemap.db"      # every command with --db (relative to the file's folder)
    host = "127.0.0.1"            # serve
    port = 8000                   # serve, demo
    fail-on-diagnostics = "error" # scan
    exclude = ["legacy", "deploy/old/*"]  # scan: paths to leave out (see scan --help)
    include-examples = true       # scan
    receiver-window = "1h"        # serve: one rolling trace snapshot per window
    receiver-keep = 24            # serve: receiver snapshots kept

Tokens are deliberately not read from files: use ``--token`` or ``$SERVICEMAP_TOKEN``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path

from catalog_api.cli.errors import BadInput

DefaultMap = dict[str, dict[str, object]]

_APPLIES_TO: dict[str, tuple[str, ...]] = {
    "db": ("scan", "export", "serve", "demo", "snapshots", "ingest", "drift"),
    "host": ("serve",),
    "port": ("serve", "demo"),
    "fail-on-diagnostics": ("scan",),
    "exclude": ("scan",),
    "include-examples": ("scan",),
    "receiver-window": ("serve",),
    "receiver-keep": ("serve",),
}


def load_defaults(folder: Path) -> DefaultMap:
    """click's ``default_map`` (command name -> parameter name -> value) from the config
    file in ``folder``; empty when there is none."""
    found = _read(folder)
    if found is None:
        return {}
    path, table = found
    unknown = sorted(set(table) - set(_APPLIES_TO))
    if unknown:
        known = ", ".join(sorted(_APPLIES_TO))
        raise BadInput(f"{path}: unknown setting {unknown[0]!r}; known settings: {known}")
    defaults: DefaultMap = {}
    for key, value in table.items():
        if key == "db":
            value = path.parent / Path(str(value)).expanduser()
        elif key == "exclude":
            value = _patterns(path, value)
        elif key == "include-examples" and not isinstance(value, bool):
            raise BadInput(f"{path}: include-examples must be true or false")
        for command in _APPLIES_TO[key]:
            defaults.setdefault(command, {})[key.replace("-", "_")] = value
    return defaults


def _patterns(path: Path, value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise BadInput(f"{path}: exclude must be a glob pattern or a list of them")


def _read(folder: Path) -> tuple[Path, Mapping[str, object]] | None:
    own = folder / "servicemap.toml"
    if own.is_file():
        return own, _parse(own)
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        tool = _parse(pyproject).get("tool", {})
        section = tool.get("servicemap") if isinstance(tool, dict) else None
        if isinstance(section, dict):
            return pyproject, section
    return None


def _parse(path: Path) -> dict[str, object]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise BadInput(f"cannot read config {path}: {exc}") from exc
