"""SQLAlchemy engines and the tables a service maps.

Recognises: ``create_engine(url)`` and ``create_async_engine(url)`` (from ``sqlalchemy``,
``sqlalchemy.engine``, ``sqlalchemy.ext.asyncio`` or ``sqlmodel``; ``url=`` keyword too),
encode/databases ``Database(url)``, Flask-SQLAlchemy's ``SQLALCHEMY_DATABASE_URI`` (a
module or config-class assignment, or ``app.config["SQLALCHEMY_DATABASE_URI"] = url``), ORM
models' ``__tablename__ = "name"`` and ``Table("name", metadata, ...)``. The URL stays symbolic;
its scheme gives the technology and its path the database when resolved. Deliberately
ignores: ``URL.create(...)`` objects built field by field, engines received as parameters,
``engine_from_config`` (configuration lives in ini files).
"""

from __future__ import annotations

import libcst as cst

from scanner.detectors.base import Detector, arg
from scanner.findings import DatastoreUse, TableUse
from scanner.index import ModuleIndex

ENGINES = frozenset(
    {
        "sqlalchemy.create_engine",
        "sqlalchemy.engine.create_engine",
        "sqlalchemy.ext.asyncio.create_async_engine",
        "sqlalchemy.ext.asyncio.engine.create_async_engine",
        "sqlmodel.create_engine",
        "databases.Database",
    }
)
URI = "SQLALCHEMY_DATABASE_URI"
TABLES = frozenset({"sqlalchemy.Table", "sqlalchemy.schema.Table", "sqlalchemy.sql.schema.Table"})


class SqlAlchemyEngines(Detector):
    name = "sqlalchemy"
    modules = frozenset({"sqlalchemy", "sqlmodel", "databases", "flask_sqlalchemy"})

    @classmethod
    def markers(cls) -> frozenset[str]:
        return cls.modules | {URI}

    @classmethod
    def wants(cls, index: ModuleIndex) -> bool:
        in_classes = any(URI in c.body for c in index.classes.values())
        return bool(cls.modules & index.imported_roots) or URI in index.assigns or in_classes

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            named = isinstance(target.target, cst.Name) and target.target.value == URI
            keyed = (
                isinstance(target.target, cst.Subscript)
                and _subscript_key(self, target.target) == URI
            )
            if named or keyed:
                use = DatastoreUse(
                    self.ctx.path,
                    self.line(node),
                    "flask_sqlalchemy",
                    "sql",
                    self.value(node.value),
                )
                self.findings.append(use)

    def visit_Call(self, node: cst.Call) -> None:
        names = self.names(node.func)
        if names & ENGINES:
            url = arg(node, 0, "url")
            if url is not None:
                use = DatastoreUse(
                    self.ctx.path, self.line(node), "sqlalchemy", "sql", self.value(url)
                )
                self.findings.append(use)
        elif names & TABLES:
            table = arg(node, 0, "name")
            text = self.value(table).text if table is not None else None
            if text:
                self.findings.append(TableUse(self.ctx.path, self.line(node), text))

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        for line in node.body.body:
            if not isinstance(line, cst.SimpleStatementLine):
                continue
            for statement in line.body:
                if isinstance(statement, cst.Assign | cst.AnnAssign):
                    self._tablename(statement)

    def _tablename(self, statement: cst.Assign | cst.AnnAssign) -> None:
        targets = (
            [t.target for t in statement.targets]
            if isinstance(statement, cst.Assign)
            else [statement.target]
        )
        named = any(isinstance(t, cst.Name) and t.value == "__tablename__" for t in targets)
        if named and statement.value is not None:
            text = self.value(statement.value).text
            if text:
                self.findings.append(TableUse(self.ctx.path, self.line(statement), text))


def _subscript_key(detector: Detector, node: cst.Subscript) -> str | None:
    if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        return detector.value(node.slice[0].slice.value).text
    return None
