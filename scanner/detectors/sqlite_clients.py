"""SQLite databases opened with ``sqlite3`` and ``aiosqlite``.

A SQLite database is a file, not a host, so its node is named by the file name: the part of
the path after the last separator. Recognises: ``sqlite3.connect(path)`` (also
``sqlite3.dbapi2.connect`` and ``database=``), ``aiosqlite.connect(path)`` and the URI form
``connect("file:app.db?mode=ro", uri=True)``, with the path written as a literal, an
f-string, ``os.path.join(...)``, ``Path(...) / "app.db"``, ``.joinpath(...)`` or a setting or
environment variable (resolved per service). A path whose directory is unknown but whose
file name is written (``os.path.join(DATA_DIR, "app.db")``) still names its node. Also the
tables named by literal SQL passed to ``execute``. Deliberately ignores: in-memory databases
(``":memory:"``, ``"file::memory:"``, ``mode=memory`` URIs, ``""``: private to the process,
not a node) and paths whose file name is computed at run time (the assembler reports those).
"""

from __future__ import annotations

import re

import libcst as cst

from scanner.bindings import Expr
from scanner.detectors.base import Detector, arg, method_of
from scanner.detectors.sql_text import table_uses
from scanner.evaluate import MAX_DEPTH, Evaluator
from scanner.findings import DatastoreUse
from scanner.modules import ModuleContext
from scanner.symbolic import value_of
from scanner.values import Value

CONNECTS = frozenset(
    {"sqlite3.connect", "sqlite3.dbapi2.connect", "aiosqlite.connect", "aiosqlite.core.connect"}
)
JOINS = frozenset({"os.path.join", "posixpath.join", "ntpath.join"})
PATHS = frozenset(
    {"pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "builtins.str", "os.fspath"}
)
SAME_PATH = frozenset({"resolve", "absolute", "expanduser", "as_posix"})
_SEPARATOR = re.compile(r"[/\\]")


class SqliteClients(Detector):
    name = "sqlite"
    modules = frozenset({"sqlite3", "aiosqlite"})

    def visit_Call(self, node: cst.Call) -> None:
        names = self.names(node.func) & CONNECTS
        if not names:
            self.findings.extend(table_uses(self, node))
            return
        database = arg(node, 0, "database")
        use = sqlite_use(self, node, database, min(names).split(".", 1)[0])
        if use is not None:
            self.findings.append(use)


def sqlite_use(
    detector: Detector, node: cst.Call, database: cst.BaseExpression | None, library: str
) -> DatastoreUse | None:
    """A use of the SQLite file ``database`` names, None for an in-memory database."""
    if database is None:
        return None
    path = path_value(detector.ev, detector.ctx, database)
    if _in_memory(path):
        return None
    where = (detector.ctx.path, detector.line(node))
    return DatastoreUse(*where, library, "sqlite", path, name=_file_name(path))


def path_value(
    ev: Evaluator, ctx: ModuleContext, node: cst.BaseExpression, depth: int = 0
) -> Value:
    """The file path ``node`` denotes, following names into the expression that built it."""
    if depth > MAX_DEPTH:
        return Value.unknown(ctx.code(node))
    if isinstance(node, cst.Name | cst.Attribute):
        found = ev.resolve(ctx, node)
        if isinstance(found, Expr) and found.node is not node and _is_path_shape(found.node):
            return path_value(ev, found.ctx, found.node, depth + 1)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Divide):
        return _joined(ev, ctx, [node.left, node.right], depth)
    if isinstance(node, cst.Call):
        names = ctx.qualified_names(node.func)
        given = [a.value for a in node.args if a.keyword is None and a.star == ""]
        if names & (JOINS | PATHS) and given:
            return _joined(ev, ctx, given, depth)
        method = method_of(node)
        if method is not None and method[1] == "joinpath":
            return _joined(ev, ctx, [method[0], *given], depth)
        if method is not None and method[1] in SAME_PATH:
            return path_value(ev, ctx, method[0], depth + 1)
    return value_of(ev, ctx, node)


def _joined(
    ev: Evaluator, ctx: ModuleContext, parts: list[cst.BaseExpression], depth: int
) -> Value:
    out = path_value(ev, ctx, parts[0], depth + 1)
    for part in parts[1:]:
        out = out + Value.of("/") + path_value(ev, ctx, part, depth + 1)
    return out


def _is_path_shape(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.BinaryOperation | cst.Call)


def _in_memory(path: Value) -> bool:
    """``":memory:"``, ``""`` (a private temporary file) or a URI with ``mode=memory``."""
    text = path.text
    if text is not None and (text in ("", ":memory:") or text.startswith("file::memory:")):
        return True
    return any(isinstance(p, str) and "mode=memory" in p for p in path.parts)


def _file_name(path: Value) -> Value | None:
    """The database file's name when the code writes it (the directory may stay unknown);
    None when only the environment can tell (the assembler resolves the whole path)."""
    tail = path.parts[-1] if path.parts else None
    if not isinstance(tail, str) or (path.text is None and not _SEPARATOR.search(tail)):
        return None
    name = _SEPARATOR.split(tail.split("?", 1)[0])[-1].removeprefix("file:")
    return Value.of(name) if name else None
