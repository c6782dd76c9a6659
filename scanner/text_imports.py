"""Imports read from a module's text without parsing it: the cheap pre-filter's view of a
file (which libraries it may use, which modules of the repository it imports)."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from scanner.index import ImportTarget

_ROOTS = re.compile(r"\b(?:from[ \t]+([A-Za-z_]\w*)|import[ \t]+([^\n;#]+))")
_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+([A-Za-z_][\w.]*)[ \t]+import\b[ \t]*(\([^)]*\)|[^\n#;]*)"
    r"|import[ \t]+([A-Za-z_][\w.]*))",
    re.M,
)
_GENERATED_STUBS = ("_pb2", "_pb2_grpc")
_FROM = re.compile(
    r"^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]+)", re.MULTILINE
)
_IMPORT_NAMES = re.compile(r"^[ \t]*import[ \t]+([^\n#;]+)", re.MULTILINE)


def imported_roots(text: str) -> frozenset[str]:
    """Top-level modules the text imports, read without parsing: a generous reading (an
    import inside a string counts too) so no file that imports something is missed."""
    found = set()
    for match in _ROOTS.finditer(text):
        if match.group(1):
            found.add(match.group(1))
            continue
        for piece in match.group(2).split(","):
            words = piece.split()
            if words:
                found.add(words[0].split(".", 1)[0].strip("()\\"))
    return frozenset(found)


def import_lines(text: str) -> tuple[tuple[int, str], ...]:
    """(line, module) of each absolute import, read with a line-anchored pattern (no parse
    needed), so imports of another service's code are seen even in files no detector
    wants."""
    found = []
    line, counted = 1, 0
    for match in _IMPORT.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        module = match.group(1)
        found.append((line, _stub_module(module, match.group(2)) if module else match.group(3)))
    return tuple(found)


def _stub_module(module: str, names: str) -> str:
    """``protos.location_pb2`` for ``from protos import location_pb2, location_pb2_grpc``:
    an import of generated gRPC stubs alone is the API's, not the code of whichever service
    keeps the package (:mod:`scanner.import_edges`); any other name keeps ``module``."""
    if names.rstrip().endswith("\\"):  # names go on past this line: not all read
        return module
    words = [piece.split() for piece in names.strip("() \t\n").replace("\n", ",").split(",")]
    imported = [w[0] for w in words if w]
    if imported and all(name.endswith(_GENERATED_STUBS) for name in imported):
        return f"{module}.{imported[0]}"
    return module


def import_targets(text: str) -> list[ImportTarget]:
    """The imports in ``text``, absolute and relative, one target per imported name."""
    found = []
    for match in _FROM.finditer(text):
        dots, module, names = match.group(1), match.group(2), match.group(3)
        if names.strip() == "*":  # the module itself: its names are used bare
            found.append(ImportTarget(module, None, len(dots)))
            continue
        for piece in names.strip("()\\ \t\n").replace("\n", ",").split(","):
            words = piece.split()
            if words and words[0] != "*" and words[0].isidentifier():
                found.append(ImportTarget(module, words[0], len(dots)))
    for match in _IMPORT_NAMES.finditer(text):
        for piece in match.group(1).split(","):
            words = piece.split()
            if words and all(part.isidentifier() for part in words[0].split(".")):
                found.append(ImportTarget(words[0], None))
    return found


def import_digest(
    text: str, roots: frozenset[str] | None = None, targets: list[ImportTarget] | None = None
) -> str:
    """A digest of all that text-level reach reads of a module (:mod:`scanner.reach`): the
    libraries it imports and its import statements (``roots`` and ``targets``: what
    :func:`imported_roots` and :func:`import_targets` give for ``text``, when known)."""
    roots = imported_roots(text) if roots is None else roots
    targets = import_targets(text) if targets is None else targets
    read = repr((sorted(roots), [(t.module, t.name, t.level) for t in targets]))
    return hashlib.sha256(read.encode("utf-8")).hexdigest()


@lru_cache(maxsize=4)
def local_module_names(paths: frozenset[str]) -> frozenset[str]:
    """Every name an absolute import could start with to reach the repository's own Python
    (each directory and module name on the way to a ``.py`` file): an import starting with
    anything else (``os``, ``requests``) cannot name the repository's code."""
    return frozenset(
        part.removesuffix(".py") for rel in paths if rel.endswith(".py") for part in rel.split("/")
    )
