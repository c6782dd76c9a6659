"""``.env`` files: ``KEY=value`` lines as docker compose and python-dotenv read them.

Handles ``export KEY=...``, single and double quotes, inline ``#`` comments after unquoted
values, blank/comment lines, and ``${VAR}``/``${VAR:-default}`` references to variables set
earlier in the file (expanded outside single quotes, as both tools do). Lines that are not
assignments are skipped silently: they are not facts about the system.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scanner.config.interpolate import interpolate

_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*?)\s*$")


@dataclass(frozen=True, slots=True)
class EnvEntry:
    """One environment variable's value and where it was set."""

    value: str
    path: str
    line: int


def parse_dotenv(text: str, path: str) -> dict[str, EnvEntry]:
    """Variables set by a ``.env`` file (last assignment wins)."""
    found: dict[str, EnvEntry] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        match = _LINE.match(raw)
        if match is None or raw.lstrip().startswith("#"):
            continue
        raw_value = match.group(2)
        value = _unquote(raw_value)
        if "${" in value and not raw_value.startswith("'"):
            value = interpolate(value, {k: e.value for k, e in found.items()})
        found[match.group(1)] = EnvEntry(value, path, number)
    return found


def _unquote(raw: str) -> str:
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"":
        inner = raw[1:-1]
        return inner.replace("\\n", "\n").replace('\\"', '"') if raw[0] == '"' else inner
    return raw.split(" #", 1)[0].strip()
