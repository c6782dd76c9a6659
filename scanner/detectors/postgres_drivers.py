"""Direct PostgreSQL connections: psycopg 3, psycopg2, asyncpg and psycopg_pool.

Recognises: ``psycopg.connect(dsn)``, ``psycopg.AsyncConnection.connect(dsn)``,
``psycopg2.connect(dsn)``, ``asyncpg.connect(dsn)`` / ``asyncpg.create_pool(dsn)``,
``psycopg_pool.ConnectionPool(conninfo)`` and the keyword form ``connect(host=..., port=...,
dbname=...)``; also the tables named by literal SQL passed to ``execute``/``fetch*``
(FROM/JOIN/INTO/UPDATE). Deliberately ignores: SQL built at run time, DSNs assembled in
helper objects the evaluator cannot follow (reported as unresolved by the assembler).
"""

from __future__ import annotations

import libcst as cst

from scanner.detectors.base import Detector, arg
from scanner.detectors.sql_text import table_uses
from scanner.findings import DatastoreUse
from scanner.values import Value

CONNECTS = frozenset(
    {
        "psycopg.connect",
        "psycopg.Connection.connect",
        "psycopg.AsyncConnection.connect",
        "psycopg2.connect",
        "asyncpg.connect",
        "asyncpg.create_pool",
        "psycopg_pool.ConnectionPool",
        "psycopg_pool.AsyncConnectionPool",
        "psycopg2.pool.SimpleConnectionPool",
        "psycopg2.pool.ThreadedConnectionPool",
    }
)


class PostgresDrivers(Detector):
    name = "postgres"
    modules = frozenset({"psycopg", "psycopg2", "asyncpg", "psycopg_pool"})

    def visit_Call(self, node: cst.Call) -> None:
        names = self.names(node.func) & CONNECTS
        if names:
            self._connect(node, min(names).split(".", 1)[0])
            return
        self.findings.extend(table_uses(self, node))

    def _connect(self, node: cst.Call, library: str) -> None:
        dsn = arg(node, 0, "dsn", "conninfo")
        host = arg(node, None, "host")
        database = arg(node, None, "dbname", "database")
        if dsn is not None:
            address = self.value(dsn)
        elif host is not None:
            address = Value.of("postgresql://") + self.value(host)
            port = arg(node, None, "port")
            address = address + (Value.of(":") + self.value(port) if port is not None else Value())
        else:
            return
        db_value = self.value(database) if database is not None else None
        use = DatastoreUse(
            self.ctx.path, self.line(node), library, "postgres", address, database=db_value
        )
        self.findings.append(use)
