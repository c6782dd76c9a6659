"""Manifest names matched to code directories with ``-``/``_`` and case evened out.

A Kubernetes name is a DNS label (``event-bus``: lower case, no ``_``) and a Python package
cannot hold ``-`` (``event_bus/``), so one service is routinely spelled both ways; compose
names follow either habit. A name spelled exactly like a directory is left to the joins by
name (:mod:`scanner.ownership`); this finds the one directory only the evened-out comparison
ties a name to. Two directories spelled alike once evened out (``event-bus/``
beside ``event_bus/``), or one spelled exactly like the name, leave the name unmatched:
those are separate services.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Iterable
from functools import lru_cache

from scanner.services import MARKERS


def normalised(name: str) -> str:
    """``Event_Bus`` and ``event-bus`` alike: lower case, ``_`` read as ``-``."""
    return name.lower().replace("_", "-")


def spelled_like(
    names: Iterable[str | None], paths: frozenset[str], taken: Collection[str] = ()
) -> str | None:
    """The one code directory named like the first of ``names`` that names any, when only
    ``-``/``_`` or case differ; None when one is named exactly so (the usual join applies),
    when two are named alike, or when it is one of ``taken`` (another service's code)."""
    directories = _code_directories(paths)
    for name in names:
        found = directories.get(normalised(name), ()) if name else ()
        # ``orders/`` holding the project ``orders/orders/`` is one service: the outer one
        found = tuple(d for d in found if not any(d.startswith(f"{o}/") for o in found))
        if not found:
            continue
        if any(posixpath.basename(d) == name for d in found) or len(found) > 1:
            return None
        return None if found[0] in taken else found[0]
    return None


def holding(manifest: str, paths: frozenset[str]) -> str | None:
    """The innermost code directory a manifest lies in (``src/auth-service/`` for
    ``src/auth-service/manifest/deployment.yaml``), if any: a service's own deployment
    files kept beside its code."""
    inside = [
        d
        for found in _code_directories(paths).values()
        for d in found
        if manifest.startswith(f"{d}/")
    ]
    return max(inside, key=len) if inside else None


@lru_cache(maxsize=4)
def _code_directories(paths: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """Directories holding a project marker (Dockerfile, requirements.txt, ...) and Python,
    by their evened-out name: where a service's code is kept (read once per scan)."""
    python: set[str] = set()  # every directory with a Python file in it or below it
    for rel in paths:
        if rel.endswith(".py"):
            directory = posixpath.dirname(rel)
            while directory and directory not in python:
                python.add(directory)
                directory = posixpath.dirname(directory)
    found: dict[str, list[str]] = {}
    for rel in sorted(paths):
        directory, name = posixpath.split(rel)
        if directory and name in MARKERS and directory in python:
            key = normalised(posixpath.basename(directory))
            if directory not in found.get(key, []):
                found.setdefault(key, []).append(directory)
    return {key: tuple(value) for key, value in found.items()}
