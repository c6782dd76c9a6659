"""Databases declared through the peewee ORM (and peewee-async).

peewee names the database in the constructor and passes ``host``/``port`` on to the driver:
``MySQLDatabase("shop", host="db", port=3306)``, ``PostgresqlDatabase("shop", host=...)``,
``SqliteDatabase("shop.db")`` and their playhouse variants (pooled, ``_ext``, MariaDB,
CockroachDB, APSW, the SQLite queue); ``db.init("shop", host=...)`` on a database declared
with ``None`` (deferred initialisation); ``playhouse.db_url.connect(url)`` (technology from
the URL's scheme). The technology comes from the class: MySQL/MariaDB, PostgreSQL, SQLite or
CockroachDB. Deliberately ignores: ``DatabaseProxy`` (the real database is declared and
reported elsewhere), in-memory SQLite and model ``table_name`` metadata.
"""

from __future__ import annotations

import libcst as cst
from libcst.helpers import get_full_name_for_node

from scanner.detectors.base import Detector, arg, method_of
from scanner.detectors.connect_args import ConnectArgs, server_url
from scanner.detectors.sqlite_clients import sqlite_use
from scanner.findings import DatastoreUse

_CLASSES = {
    "peewee": ("MySQLDatabase", "PostgresqlDatabase", "SqliteDatabase"),
    "peewee_async": (
        "MySQLDatabase",
        "PostgresqlDatabase",
        "PooledMySQLDatabase",
        "PooledPostgresqlDatabase",
    ),
    "playhouse.pool": (
        "PooledMySQLDatabase",
        "PooledPostgresqlDatabase",
        "PooledPostgresqlExtDatabase",
        "PooledSqliteDatabase",
        "PooledSqliteExtDatabase",
    ),
    "playhouse.postgres_ext": ("PostgresqlExtDatabase",),
    "playhouse.mysql_ext": ("MySQLConnectorDatabase", "MariaDBConnectorDatabase"),
    "playhouse.sqlite_ext": ("SqliteExtDatabase", "CSqliteExtDatabase"),
    "playhouse.sqliteq": ("SqliteQueueDatabase",),
    "playhouse.apsw_ext": ("APSWDatabase",),
    "playhouse.cockroachdb": ("CockroachDatabase", "PooledCockroachDatabase"),
}
DATABASES = frozenset(f"{module}.{cls}" for module, names in _CLASSES.items() for cls in names)
DB_URLS = frozenset({"playhouse.db_url.connect"})
# class-name fragment -> (technology, URL scheme)
_TECHNOLOGIES = (
    ("MySQL", "mysql"),
    ("MariaDB", "mysql"),
    ("Postgresql", "postgresql"),
    ("Cockroach", "cockroachdb"),
)


class PeeweeDatabases(Detector):
    name = "peewee"
    modules = frozenset({"peewee", "peewee_async", "playhouse"})

    _starred: frozenset[str] | None = None

    def visit_Call(self, node: cst.Call) -> None:
        names = self.names(node.func) or self._star_imported(node.func)
        if names & DATABASES:
            self._declared(node, min(names & DATABASES))
        elif names & DB_URLS and (url := arg(node, 0, "url")) is not None:
            use = DatastoreUse(self.ctx.path, self.line(node), "peewee", "sql", self.value(url))
            self.findings.append(use)
        elif (found := method_of(node)) is not None and found[1] == "init":
            built = self.ev.origin(self.ctx, found[0])
            if built is None or not _deferred(built[1]):
                return
            ctx, maker = built
            made = ctx.qualified_names(maker.func)
            if not made and ctx.path == self.ctx.path:
                made = self._star_imported(maker.func)
            if made & DATABASES:
                self._declared(node, min(made & DATABASES))

    def _star_imported(self, func: cst.BaseExpression) -> frozenset[str]:
        """``MySQLDatabase`` after ``from peewee import *`` (peewee's documented style)."""
        if not isinstance(func, cst.Name):
            return frozenset()
        if self._starred is None:
            self._starred = frozenset(
                get_full_name_for_node(s.module) or ""
                for line in self.ctx.module.body
                if isinstance(line, cst.SimpleStatementLine)
                for s in line.body
                if isinstance(s, cst.ImportFrom)
                and isinstance(s.names, cst.ImportStar)
                and s.module is not None
            )
        return frozenset(f"{module}.{func.value}" for module in self._starred)

    def _declared(self, node: cst.Call, cls: str) -> None:
        """A database named by ``node``'s arguments (the constructor or ``init``)."""
        database = arg(node, 0, "database")
        if database is None or _deferred(node):
            return
        scheme = next((s for fragment, s in _TECHNOLOGIES if fragment in cls), None)
        if scheme is None:
            use = sqlite_use(self, node, database, "peewee")
            if use is not None:
                self.findings.append(use)
            return
        args = ConnectArgs(self, node)
        host = args.or_default(args.value(None, "host"), "localhost")
        address = server_url(scheme, host, args.value(None, "port"))
        technology = "postgres" if scheme == "postgresql" else scheme
        use = DatastoreUse(
            self.ctx.path,
            self.line(node),
            "peewee",
            technology,
            address,
            database=self.value(database),
        )
        self.findings.append(use)


def _deferred(call: cst.Call) -> bool:
    """``SqliteDatabase(None)``: the database is named later with ``init``."""
    database = arg(call, 0, "database")
    return isinstance(database, cst.Name) and database.value == "None"
