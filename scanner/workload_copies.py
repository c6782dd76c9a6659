"""Kubernetes workloads that are copies of compose services under another name.

Course projects and small systems often ship both a compose file and Kubernetes manifests
for the same containers: compose ``flask-api`` (built from the repository, ``python3
src/api.py``) is Deployment ``flask-deployment-prod`` (image ``acme/app:1.1``, the same
command), and compose ``redis-db`` (``redis:7``) is ``redis-deployment-prod``. Drawn apart,
each becomes a second node with config-only edges. A workload is read as a copy when
exactly one compose service matches it:

- the compose service named like it but for ``-``/``_`` and case (compose ``event_bus`` is
  Deployment ``event-bus``: Kubernetes names cannot hold ``_``);
- a datastore or broker image: the one compose service running that technology;
- anything else: the compose service with the same command (``python``/``python3`` alike;
  both may give none, running the image's own) and the same image: the one compose tags
  (``image: acme/orders``, registry and tag aside), else, for a service compose only builds,
  one whose command names a file of its code, the workload's image not being named like
  another directory of code (that directory is the workload's:
  :func:`scanner.ownership._fold_workloads`).

Two compose services matching is ambiguous: the workload stays a service of its own.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from functools import lru_cache

from scanner.code_names import normalised
from scanner.commands import command_words, entry_files
from scanner.images import image_name
from scanner.services import Service, command_of

_PYTHON = re.compile(r"^python[\d.]*$")


def copied_service(
    workload: Service, services: Iterable[Service], paths: frozenset[str]
) -> Service | None:
    """The one compose service ``workload`` copies, if any."""
    declared = [s for s in services if s.compose is not None]
    named = [s for s in declared if s.compose and _spelled_alike(s.compose.name, workload.name)]
    if named:
        return named[0] if len(named) == 1 else None
    if workload.image_kind is not None:
        found = [s for s in declared if s.image_kind == workload.image_kind]
    else:
        found = [s for s in declared if _runs_the_same(s, workload, paths)]
    return found[0] if len(found) == 1 else None


def _spelled_alike(name: str, other: str) -> bool:
    return normalised(name) == normalised(other)


def _runs_the_same(service: Service, workload: Service, paths: frozenset[str]) -> bool:
    """Same command (or none) and the same image: the one compose tags (``image:``), else
    the code compose builds, when the command names a file of it and the workload's image
    is not named like another directory of code."""
    spec = service.compose
    if spec is None or service.image_kind is not None:
        return False
    command = command_of(service)
    if _words(command) != _words(workload.command or ""):
        return False
    named = image_name(workload.image)
    if spec.image:
        return image_name(spec.image) == named
    if service.path is None or not entry_files(command, service.path, paths):
        return False
    return named == posixpath.basename(service.path) or named not in _code_directory_names(paths)


def _words(command: str) -> tuple[str, ...]:
    """A command's words with the Python interpreter's name and ``./`` prefixes evened out."""
    words = (w.removeprefix("./") for w in command_words(command))
    return tuple("python" if _PYTHON.match(w) else w for w in words)


@lru_cache(maxsize=2)
def _code_directory_names(paths: frozenset[str]) -> frozenset[str]:
    """Names of the directories holding Python files (read once per scan: a frozenset keeps
    its hash, so the cache costs nothing for the workloads after the first)."""
    return frozenset(
        part for p in paths if p.endswith(".py") for part in posixpath.dirname(p).split("/")
    )
