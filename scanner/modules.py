"""Parsed modules of one repository, each parsed at most once and shared by the engine
(which runs detectors over it) and the evaluator (which follows imports into it).

A module is found the way its own service would find it: relative imports from the
importing file's package, absolute imports from the nearest ancestor directory that holds
the package (services run with their own directory on ``sys.path``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from pathlib import Path, PurePosixPath

import libcst as cst

from catalog_api.model import Diagnostic, Severity
from scanner.index import ImportTarget, ModuleIndex, build_index
from scanner.lines import line_in_source, start_lines
from scanner.qualnames import qualified_names, starred_names
from scanner.services import project_dir
from scanner.sources import SourceFiles

_PY2_PRINT = re.compile(r"^\s*print\s+[^\s(=]", re.MULTILINE)
_PY2_EXCEPT = re.compile(r"^\s*except\s+[\w.]+\s*,\s*\w+\s*:", re.MULTILINE)


class ModuleContext:
    """One parsed module with the metadata detectors need, resolved on first use (modules
    loaded only to follow an import often never need it). Qualified names come from the
    module's own import table (:mod:`scanner.qualnames`), not from a scope analysis; a name
    bound nowhere in a module with star imports is qualified through them."""

    def __init__(
        self, path: str, module: cst.Module, index: ModuleIndex, source: str | None = None
    ) -> None:
        self.path = path  # repository-relative POSIX
        self.module = module
        self.index = index
        self.source = source  # the text parsed, when known: lines are found in it cheaply
        self._lines: Mapping[cst.CSTNode, int] | None = None

    def __repr__(self) -> str:
        return f"ModuleContext({self.path!r})"

    @property
    def lines(self) -> Mapping[cst.CSTNode, int]:
        """The start line of every node (:mod:`scanner.lines`), computed on first use."""
        if self._lines is None:
            self._lines = start_lines(self.module)
        return self._lines

    def qualified_names(self, node: cst.CSTNode) -> frozenset[str]:
        found = qualified_names(self.index, node)
        if not found and self.index.star_imports:  # an unbound name, maybe star-imported
            return starred_names(self.index, node)
        return found

    def line(self, node: cst.CSTNode) -> int:
        if self._lines is None and self.source is not None:
            found = line_in_source(self.source, node)
            if found is not None:
                return found
        return self.lines.get(node, 0)

    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node).strip()


class ModuleLoader:
    """Parses and caches modules by repository path; failures become diagnostics."""

    def __init__(
        self, root: Path, paths: Collection[str], sources: SourceFiles | None = None
    ) -> None:
        self.root = root
        self._paths = frozenset(paths)
        self.sources = sources if sources is not None else SourceFiles(root, paths)
        self._cache: dict[str, ModuleContext | None] = {}
        self.failures: dict[str, Diagnostic] = {}  # why a module could not be loaded
        self._homes: dict[str, list[str]] | None = None
        self.diagnostics: list[Diagnostic] = []

    def load(self, rel: str, text: str | None = None) -> ModuleContext | None:
        self.sources.note(rel)
        if rel not in self._cache:
            self._cache[rel] = self._parse(rel, text)
        return self._cache[rel]

    def _parse(self, rel: str, text: str | None) -> ModuleContext | None:
        if text is None:
            text, problem, _ = self.sources.read(rel)
            if text is None:
                if problem is not None:
                    self._fail(problem)
                return None
        try:
            module = cst.parse_module(text)
        except cst.ParserSyntaxError as exc:
            self._fail(_syntax_diagnostic(rel, text, exc))
            return None
        except RecursionError:
            message = "nesting too deep to parse"
            self._fail(Diagnostic(rel, None, Severity.WARNING, "syntax-error", message))
            return None
        try:
            return ModuleContext(rel, module, build_index(module), text)
        except RecursionError:
            message = "nesting too deep to scan"
            self._fail(Diagnostic(rel, None, Severity.WARNING, "syntax-error", message))
            return None

    def _fail(self, problem: Diagnostic) -> None:
        self.failures[problem.path] = problem
        self.diagnostics.append(problem)

    def resolve_import(self, importer: str, target: ImportTarget) -> list[tuple[str, str | None]]:
        """Candidate (module path, name inside it) pairs for an import, best first; a name of
        None means the module itself (``from pkg import module``)."""
        self.sources.note_layout()
        base = PurePosixPath(importer).parent
        if target.level:
            for _ in range(target.level - 1):
                base = base.parent
            directories = [base]
        else:
            directories = [base, *base.parents]
        parts = [p for p in target.module.split(".") if p]
        for directory in directories:
            found: list[tuple[str, str | None]] = []
            if target.name is None:  # ``import a.b``, or ``from . import *`` (the package)
                module = self._module_file(directory, parts or ["__init__"] * bool(target.level))
                found += [(module, None)] if module else []
            else:
                holder = self._module_file(directory, parts)
                found += [(holder, target.name)] if holder else []
                module = self._module_file(directory, [*parts, *target.name.split(".")])
                found += [(module, None)] if module else []
            if found:
                return found
        if not target.level and parts:
            elsewhere = self._package_homes().get(parts[0], [])
            # another service's package, imported across services (not one tried already)
            if len(elsewhere) == 1 and PurePosixPath(elsewhere[0]) not in directories:
                return self.resolve_import(f"{elsewhere[0]}/__init__.py", target)
        return []

    def _package_homes(self) -> dict[str, list[str]]:
        """Top-level package name -> the directories that hold a package of that name."""
        if self._homes is None:
            homes: dict[str, set[str]] = {}
            for rel in self._paths:
                if rel.endswith("/__init__.py"):
                    package = PurePosixPath(rel).parent
                    homes.setdefault(package.name, set()).add(str(package.parent))
            self._homes = {k: sorted(v) for k, v in homes.items()}
        return self._homes

    def dotted_name(self, rel: str) -> str:
        """The module's import name, from its file up through the enclosing packages."""
        path = PurePosixPath(rel)
        parts = [] if path.stem == "__init__" else [path.stem]
        directory = path.parent
        while str(directory) != "." and f"{directory}/__init__.py" in self._paths:
            parts.insert(0, directory.name)
            directory = directory.parent
        return ".".join(parts)

    def related(self, importer: str, pattern: str, limit: int = 2000) -> list[ModuleContext]:
        """Parsed modules of ``importer``'s source root (:meth:`_source_root`) whose text
        matches the regular expression ``pattern``: where a class is constructed or an
        attribute assigned. Bounded by ``limit`` files."""
        found = self.sources.search(self._source_root(importer), pattern, limit)
        return [ctx for rel in found if (ctx := self.load(rel)) is not None]

    def _source_root(self, importer: str) -> str:
        """The directory above ``importer``'s top-level package. A module outside regular
        packages may be in a namespace package (PEP 420, no ``__init__.py``: ``app/core/``
        imported as ``app.core.client``), imported from anywhere up to the project directory
        around it (the service's own code), so its root is that directory. Resolving each
        match's import keeps another service's same-named code out."""
        directory = PurePosixPath(importer).parent
        if not self._in_package(directory):
            project = project_dir(importer, self._paths)
            return f"{project}/" if project else ""
        while self._in_package(directory):
            directory = directory.parent
        return "" if str(directory) == "." else f"{directory}/"

    def _in_package(self, directory: PurePosixPath) -> bool:
        return str(directory) != "." and f"{directory}/__init__.py" in self._paths

    def _module_file(self, directory: PurePosixPath, parts: list[str]) -> str | None:
        if not parts:
            return None
        stem = directory.joinpath(*parts)
        for candidate in (f"{stem}.py", f"{stem}/__init__.py"):
            rel = candidate.removeprefix("./")
            if rel in self._paths:
                return rel
        return None


def _syntax_diagnostic(rel: str, text: str, exc: cst.ParserSyntaxError) -> Diagnostic:
    reason = str(exc.message)
    if _PY2_PRINT.search(text) or _PY2_EXCEPT.search(text):
        reason = f"looks like Python 2, not scanned ({reason})"
    return Diagnostic(rel, exc.raw_line or None, Severity.WARNING, "syntax-error", reason)
