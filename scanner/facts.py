"""What the scanner learned from one Python file, as a record that can be cached and sent
between worker processes: its findings, its diagnostics and what its results depend on.

A file's findings depend on more than its own text: the evaluator follows names into other
modules and searches its source root. So the record lists every other file consulted with its
content hash, and whether the repository's file layout was consulted (import resolution,
source-root searches); the engine reuses a record only while all of those still match.

Records are encoded as plain JSON of our own typed dataclasses (never pickle: the cache may
live in a shared database file). :func:`decode` rebuilds only the registered types below and
raises :class:`FactsError` on anything else, which callers treat as a cache miss.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

import orjson

from catalog_api.model import Diagnostic, Severity
from scanner import findings as finding_types
from scanner.findings import Finding
from scanner.values import Choice, EnvRef, Join, Unknown, Value

FORMAT = 2
_T = TypeVar("_T")


class FactsError(ValueError):
    """Bytes that are not a facts record this scanner wrote."""


@dataclass(frozen=True, slots=True)
class FileFacts:
    """Everything one scanned file contributes to the graph, and when it stops being true."""

    path: str
    digest: str  # sha256 of the file's bytes
    findings: tuple[Finding, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    depends: tuple[tuple[str, str | None], ...] = ()  # (path, digest; None: unreadable)
    layout: str | None = None  # digest of the Python file layout, when it was consulted
    imports: tuple[tuple[int, str], ...] = ()  # (line, module) of absolute imports
    parsed: bool = True  # False: no detector wanted the file, so only its imports count


_TYPES: dict[str, type] = {
    cls.__name__: cls
    for cls in vars(finding_types).values()
    if isinstance(cls, type) and issubclass(cls, Finding) and cls is not Finding
}
_TYPES.update({c.__name__: c for c in (Value, EnvRef, Unknown, Join, Choice, Diagnostic)})


def encode(facts: FileFacts) -> bytes:
    """The record as UTF-8 JSON."""
    record = {
        "format": FORMAT,
        "path": facts.path,
        "digest": facts.digest,
        "findings": [_plain(f) for f in facts.findings],
        "diagnostics": [_plain(d) for d in facts.diagnostics],
        "depends": [list(d) for d in facts.depends],
        "layout": facts.layout,
        "imports": [list(i) for i in facts.imports],
        "parsed": facts.parsed,
    }
    return json.dumps(record, separators=(",", ":"), sort_keys=True).encode("utf-8")


def decode(data: bytes) -> FileFacts:
    """The record ``data`` holds; :class:`FactsError` when it is not a valid one."""
    try:
        raw = orjson.loads(data)
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise FactsError("not a facts record of this format")
        found = tuple(_typed(f, Finding) for f in raw["findings"])
        diagnostics = tuple(_typed(d, Diagnostic) for d in raw["diagnostics"])
        depends = tuple((_str(p), _optional_str(h)) for p, h in raw["depends"])
        layout = _optional_str(raw["layout"])
        imports = tuple((line, module) for line, module in raw["imports"])
        if not all(type(line) is int and type(module) is str for line, module in imports):
            raise FactsError("imports are not (line, module) pairs")  # one pass: 40k a rescan
        parsed = raw["parsed"]
        if not isinstance(parsed, bool):
            raise FactsError("parsed is not a boolean")
        path, digest = _str(raw["path"]), _str(raw["digest"])
        return FileFacts(path, digest, found, diagnostics, depends, layout, imports, parsed)
    except FactsError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        # orjson.JSONDecodeError is a ValueError (invalid UTF-8 and nesting too deep too)
        raise FactsError(f"corrupt facts record: {type(exc).__name__}: {exc}") from exc


def _plain(value: object) -> object:
    if isinstance(value, Severity):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"@": type(value).__name__, **fields}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str | int | bool):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _typed(raw: object, expected: type[_T]) -> _T:
    built = _build(raw)
    if not isinstance(built, expected):
        raise FactsError(f"expected a {expected.__name__}")
    return built


def _build(raw: object) -> object:
    if isinstance(raw, list):
        return tuple(_build(v) for v in raw)
    if not isinstance(raw, dict):
        if raw is None or isinstance(raw, str | int | bool):
            return raw
        raise FactsError(f"unexpected {type(raw).__name__}")
    cls = _TYPES.get(str(raw.get("@")))
    if cls is None:
        raise FactsError(f"unknown record type {raw.get('@')!r}")
    names, hints = _shape(cls)
    given = {k: _build(v) for k, v in raw.items() if k != "@"}
    if given.keys() != names:
        raise FactsError(f"fields of {cls.__name__} do not match")
    if cls is Diagnostic:
        given["severity"] = Severity(str(given["severity"]))
    for name, hint in hints:
        if not isinstance(given[name], hint):
            raise FactsError(f"{cls.__name__}.{name} is not a {hint.__name__}")
    return cls(**given)


@cache
def _shape(cls: type) -> tuple[frozenset[str], tuple[tuple[str, type], ...]]:
    """A record type's field names, and the fields whose declared type is one plain class:
    checked on decoding so a tampered record cannot smuggle a wrong type into the
    assembler."""
    hints = typing.get_type_hints(cls)
    simple = tuple((k, v) for k, v in hints.items() if v in (str, int, Value, Severity))
    return frozenset(f.name for f in dataclasses.fields(cls)), simple


def _str(raw: object) -> str:
    if not isinstance(raw, str):
        raise FactsError("expected a string")
    return raw


def _int(raw: object) -> int:
    if not isinstance(raw, int) or isinstance(raw, bool):
        raise FactsError("expected an integer")
    return raw


def _optional_str(raw: object) -> str | None:
    return None if raw is None else _str(raw)
