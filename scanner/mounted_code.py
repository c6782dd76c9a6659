"""The code a compose service runs when it is not built but mounted: a generic runtime image
(``python:3.11-slim``, ``tp33/django``, ``tiangolo/uvicorn-gunicorn-fastapi``) with the
repository bind-mounted into the container (``.:/app``, ``./exp:/app``).

Tutorials, course projects and dev-only compose files run code this way; without it such a
service owns no files and its code is attributed to a made-up service named after the
folder. The service's directory is the mounted directory that holds Python files, narrowed
by what its command says about where the code is: ``uvicorn --app-dir X``, ``gunicorn
--chdir X``, ``cd X && ...``. Paths in the command are read relative to the mounted
directory (the container's working directory is, in these layouts, the mount target).
Services mounting one directory and running different programs (``python ./api/indexer.py``
beside a web app) are told apart later, as services built from one directory are
(:mod:`scanner.sharing`). Images of another language (``node:20`` mounting ``.``) run no
Python of ours, and a mount holding no Python is configuration or data, not code. A service
mounting no code whose name (or image's) differs from a code directory's only by ``-``/``_``
and case (``event-bus`` running ``acme/event-bus``, code in ``event_bus/``) runs an image built
elsewhere from that directory (:mod:`scanner.code_names`; the exact spelling is joined later,
by name).
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from scanner.code_names import spelled_like
from scanner.commands import command_words, entry_files
from scanner.config.compose import ComposeService
from scanner.images import image_language, image_name

_DIRECTORY_OPTIONS = frozenset({"--app-dir", "--chdir", "--pythonpath", "cd"})


@dataclass(frozen=True)
class Container:
    """Where the mounts land inside the container (repository path -> container path) and
    its ``working_dir``: with them, absolute paths in a command (``cd /app/src``,
    ``--app-dir /app/services/x``) and a working directory below the mount target name
    repository directories. Without them, the mounted directory is taken as the working
    directory (the usual ``.:/app`` with ``WORKDIR /app``)."""

    targets: Mapping[str, str] = field(default_factory=dict)
    working_dir: str | None = None

    def repository_path(self, inside: str) -> str | None:
        """The repository directory a container path lies in, or None."""
        best: tuple[int, str] | None = None
        for source, target in self.targets.items():
            root = target.rstrip("/") or "/"
            if inside == root or inside.startswith(root.rstrip("/") + "/"):
                rest = inside[len(root) :].strip("/")
                joined = posixpath.normpath(posixpath.join(source or ".", rest or "."))
                if best is None or len(root) > best[0]:
                    best = (len(root), "" if joined == "." else joined)
        return best[1] if best is not None else None


def mounted_code(
    spec: ComposeService,
    paths: frozenset[str],
    built: Collection[str] = (),
    container: Container | None = None,
) -> str | None:
    """The repository directory whose Python ``spec`` runs from a bind mount (else, mounting
    none, the one named like it but for ``-``/``_``), or None (it is built, its image runs
    another language, or no code is found). ``built`` are the
    directories other services are built from: a mount holding them (``.:/workspace`` of a
    notebook or test runner) is the service's code only when its command names what it
    runs there."""
    if spec.build_context is not None or image_language(spec.image) not in (None, "python"):
        return None
    container = container or Container()
    command = spec.command or ""
    bases = [m for m in spec.mounts if holds_python(paths, m)]
    inside = container.working_dir
    working = container.repository_path(inside) if inside else None
    if working is not None and bases and holds_python(paths, working):
        bases.insert(0, working)
    for base in bases:
        narrowed = _named_directory(command, base, paths, container)
        if narrowed is not None:
            return narrowed
    for base in bases:
        if entry_files(command, base, paths) or not any(_holds(base, b) for b in built):
            return base
    if bases:
        return None
    names = (spec.name, image_name(spec.image))
    return spelled_like(names, paths, taken=built)  # an image built elsewhere from our code


def _holds(directory: str, other: str) -> bool:
    return directory == "" or other == directory or other.startswith(directory + "/")


def _named_directory(
    command: str, base: str, paths: frozenset[str], container: Container
) -> str | None:
    """The directory the command changes to or puts code on the path from (``--app-dir
    services/orders``, ``--chdir=src``, ``cd /app/api &&``), when it holds Python; relative
    values are read from ``base``."""
    words = command_words(command)
    for index, word in enumerate(words):
        option, equals, value = word.partition("=")
        if option not in _DIRECTORY_OPTIONS:
            continue
        if not equals:
            value = words[index + 1] if index + 1 < len(words) else ""
        if value.startswith("/"):
            directory = container.repository_path(value)
        elif value and not value.startswith(("$", "~")):
            joined = posixpath.normpath(posixpath.join(base or ".", value))
            directory = "" if joined == "." else joined
        else:
            directory = None
        inside_repository = directory is not None and not directory.startswith("..")
        if directory is not None and inside_repository and holds_python(paths, directory):
            return directory
    return None


def holds_python(paths: frozenset[str], directory: str) -> bool:
    """Whether ``directory`` (repository-relative, "" for the root) holds Python files."""
    return directory in _python_directories(paths)


@lru_cache(maxsize=4)
def _python_directories(paths: frozenset[str]) -> frozenset[str]:
    """Every directory with a Python file somewhere below it: asked hundreds of times per
    scan, built once (a frozenset keeps its hash, so the cache lookup is cheap)."""
    found: set[str] = set()
    for rel in paths:
        if rel.endswith(".py"):
            parts = rel.split("/")[:-1]
            found.update("/".join(parts[:end]) for end in range(len(parts) + 1))
    return frozenset(found)
