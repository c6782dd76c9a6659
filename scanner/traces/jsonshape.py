"""Typed readers over parsed JSON, so no ``Any`` leaks from ``json.loads`` into spans.

Each reader takes the value and where it was found (``resourceSpans[0].scopeSpans[2]``) and
raises :class:`TraceFormatError` naming that place when the shape is wrong.
"""

from __future__ import annotations

from typing import cast

from scanner.traces.span import AttrValue, TraceFormatError

JsonObject = dict[str, object]


def obj(value: object, where: str) -> JsonObject:
    if not isinstance(value, dict):
        raise TraceFormatError(f"{where}: expected an object, got {_kind(value)}")
    return cast(JsonObject, value)


def array(value: object, where: str) -> list[object]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise TraceFormatError(f"{where}: expected a list, got {_kind(value)}")
    return cast(list[object], value)


def text(value: object, where: str, default: str = "") -> str:
    if value is None:
        return default
    if not isinstance(value, str):
        raise TraceFormatError(f"{where}: expected a string, got {_kind(value)}")
    return value


def integer(value: object, where: str) -> int:
    """An int, also from a decimal string (OTLP/JSON writes 64-bit integers as strings)."""
    if value is None:
        return 0
    if isinstance(value, bool):
        raise TraceFormatError(f"{where}: expected an integer, got a boolean")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            pass
    raise TraceFormatError(f"{where}: expected an integer, got {value!r}")


def scalar(value: object) -> AttrValue | None:
    """A JSON scalar as an attribute value; lists are joined; objects and null dropped."""
    if isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, list):
        items = [scalar(v) for v in cast(list[object], value)]
        return ",".join(str(v) for v in items if v is not None)
    return None


def _kind(value: object) -> str:
    if value is None:
        return "null"
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}.get(
        type(value), "a number"
    )
