"""SQLAlchemy engines and the tables a service maps.

Recognises: ``create_engine(url)`` and ``create_async_engine(url)`` (from ``sqlalchemy``,
``sqlalchemy.engine`` or ``sqlalchemy.ext.asyncio``; ``url=`` keyword too), ORM models'
``__tablename__ = "name"`` and ``Table("name", metadata, ...)``. The URL stays symbolic;
its scheme gives the technology and its path the database when resolved. Deliberately
ignores: ``URL.create(...)`` objects built field by field, engines received as parameters,
``engine_from_config`` (configuration lives in ini files).
"""

from __future__ import annotations

import libcst as cst

from scanner.detectors.base import Detector, arg
from scanner.findings import DatastoreUse, TableUse

ENGINES = frozenset(
    {
        "sqlalchemy.create_engine",
        "sqlalchemy.engine.create_engine",
        "sqlalchemy.ext.asyncio.create_async_engine",
        "sqlalchemy.ext.asyncio.engine.create_async_engine",
    }
)
TABLES = frozenset({"sqlalchemy.Table", "sqlalchemy.schema.Table", "sqlalchemy.sql.schema.Table"})


class SqlAlchemyEngines(Detector):
    name = "sqlalchemy"
    modules = frozenset({"sqlalchemy", "sqlmodel"})

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
