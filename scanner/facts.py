"""What the scanner learned from one Python file, as a record that can be cached and sent
between worker processes: its findings, its diagnostics and what its results depend on.

A file's findings depend on more than its own text: the evaluator follows names into other
modules and searches its source root. So the record lists every other file consulted with its
content hash (or, where only a search's result or a module's imports were used, the digest of
that: :mod:`scanner.sources`), and whether the repository's file layout was consulted (import
resolution, source-root searches); the engine reuses a record only while all of those still
match.

Records are encoded as plain JSON of our own typed dataclasses (never pickle: the cache may
live in a shared database file). :func:`decode` rebuilds only the registered types below and
raises :class:`FactsError` on anything else, which callers treat as a cache miss.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

import orjson

from catalog_api.model import Diagnostic, Severity
from scanner import findings as finding_types
from scanner.findings import Finding
from scanner.values import Choice, EnvRef, Join, Unknown, Value

FORMAT = 3
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
    """The record as UTF-8 JSON, positional (a rescan decodes thousands: field names would
    be most of the bytes and of the time): ``[FORMAT, path, digest, findings, diagnostics,
    depends, layout, imports, parsed]``, each typed value ``{"Type": [fields in order]}``."""
    record = [
        FORMAT,
        facts.path,
        facts.digest,
        [_plain(f) for f in facts.findings],
        [_plain(d) for d in facts.diagnostics],
        facts.depends,
        facts.layout,
        facts.imports,
        facts.parsed,
    ]
    return orjson.dumps(record)


def decode(data: bytes) -> FileFacts:
    """The record ``data`` holds; :class:`FactsError` when it is not a valid one."""
    try:
        raw = orjson.loads(data)
        if type(raw) is not list or len(raw) != 9 or raw[0] != FORMAT:
            raise FactsError("not a facts record of this format")
        _, path, digest, found, diagnostics, depends, layout, imports, parsed = raw
        if type(path) is not str or type(digest) is not str or type(parsed) is not bool:
            raise FactsError("path, digest or parsed of the wrong type")
        pairs = [(p, h) for p, h in depends]
        if not all(type(p) is str and (h is None or type(h) is str) for p, h in pairs):
            raise FactsError("depends are not (path, digest) pairs")
        lines = [(line, module) for line, module in imports]
        if not all(type(line) is int and type(module) is str for line, module in lines):
            raise FactsError("imports are not (line, module) pairs")  # one pass: 40k a rescan
        return FileFacts(
            path,
            digest,
            tuple([_typed(f, Finding) for f in found]) if found else (),
            tuple([_typed(d, Diagnostic) for d in diagnostics]) if diagnostics else (),
            tuple(pairs),
            _optional_str(layout),
            tuple(lines),
            parsed,
        )
    except FactsError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        # orjson.JSONDecodeError is a ValueError (invalid UTF-8 and nesting too deep too)
        raise FactsError(f"corrupt facts record: {type(exc).__name__}: {exc}") from exc


def _plain(value: object) -> object:
    if isinstance(value, Severity):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        return {name: [_plain(getattr(value, f.name)) for f in dataclasses.fields(value)]}
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
    kind = type(raw)
    if kind is str or raw is None or kind is int or kind is bool:
        return raw
    if isinstance(raw, list):
        return tuple([_build(v) for v in raw])
    if not isinstance(raw, dict) or len(raw) != 1:
        raise FactsError(f"unexpected {kind.__name__}")
    ((name, values),) = raw.items()
    shape = _shapes().get(name)
    if shape is None:
        raise FactsError(f"unknown record type {name!r}")
    cls, count, checks = shape
    if not isinstance(values, list) or len(values) != count:
        raise FactsError(f"fields of {name} do not match")
    given = [_build(v) for v in values]
    for index, hint in checks:
        if hint is Severity:  # stored as its value; ValueError (corrupt) when unknown
            given[index] = Severity(typing.cast(str, given[index]))
        elif not isinstance(given[index], hint):
            raise FactsError(f"{name} field {index} is not a {hint.__name__}")
    return cls(*given)


@cache
def _shapes() -> dict[str, tuple[type, int, tuple[tuple[int, type], ...]]]:
    """Each record type's class, number of fields, and the (position, class) of the fields
    whose declared type is one plain class: checked on decoding so a tampered record cannot
    smuggle a wrong type into the assembler."""
    shapes = {}
    for name, cls in _TYPES.items():
        hints = typing.get_type_hints(cls)
        fields = dataclasses.fields(cls)
        plain = (str, int, Value, Severity)
        checks = tuple((i, hints[f.name]) for i, f in enumerate(fields) if hints[f.name] in plain)
        shapes[name] = (cls, len(fields), checks)
    return shapes


def _optional_str(raw: object) -> str | None:
    if raw is not None and type(raw) is not str:
        raise FactsError("expected a string")
    return raw
