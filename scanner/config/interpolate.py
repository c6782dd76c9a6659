"""``$VAR``, ``${VAR}``, ``${VAR:-default}``, ``${VAR-default}`` and ``${VAR:+alt}``
substitution, as docker compose, Dockerfiles and python-dotenv all spell it.

One implementation for every config reader, so a value written ``${DB_HOST:-db}`` means the
same wherever the scanner meets it. ``$$`` is a literal dollar. A name the mapping lacks
becomes the empty string, as the tools themselves do; ``${VAR:default}`` (Spring's form,
common in the YAML settings files services ship) is read as ``${VAR:-default}``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_VARIABLE = re.compile(
    r"\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+]|:)([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))"
)


def interpolate(text: str, env: Mapping[str, str]) -> str:
    """``text`` with every variable reference replaced from ``env``."""

    def substitute(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$"
        name = match.group(1) or match.group(4)
        operator, operand = match.group(2), match.group(3) or ""
        value = env.get(name)
        if operator in (":-", "-", ":", ":?", "?"):
            missing = value is None or (operator != "-" and value == "")
            return operand if missing and "?" not in operator else value or ""
        if operator in (":+", "+"):
            return operand if value else ""
        return value or ""

    return _VARIABLE.sub(substitute, text)


def references(text: str) -> bool:
    """Whether ``text`` refers to any variable (so interpolating it can change it)."""
    return "$" in text and _VARIABLE.search(text) is not None
