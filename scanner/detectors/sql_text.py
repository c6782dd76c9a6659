"""Tables named by literal SQL handed to a DB-API cursor or connection.

Every SQL driver detector (PostgreSQL, MySQL, SQLite, Cassandra's CQL) sees the same shape:
``cursor.execute("SELECT ... FROM orders JOIN items ...")``. Only statements that start like
data access are read (SELECT/INSERT/UPDATE/DELETE/WITH), so DDL and maintenance commands
(``VACUUM``, ``CREATE TABLE``) name no table; SQL built at run time yields nothing.
"""

from __future__ import annotations

import re

import libcst as cst

from scanner.detectors.base import Detector, arg, method_of
from scanner.findings import TableUse

EXECUTES = frozenset(
    {
        "execute",
        "executemany",
        "fetch",
        "fetchrow",
        "fetchval",
        "execute_fetchall",
        "execute_insert",
    }
)
_TABLE = re.compile(r"\b(?:FROM|JOIN|INTO|UPDATE)\s+[\"`]?([A-Za-z_][\w.]*)", re.IGNORECASE)
_SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b", re.IGNORECASE)


def sql_tables(sql: str) -> list[str]:
    """The tables a data-access statement reads or writes, sorted; none for other SQL."""
    return sorted(set(_TABLE.findall(sql))) if _SQL.match(sql) else []


def table_uses(detector: Detector, node: cst.Call) -> list[TableUse]:
    """Table findings for ``x.execute("<literal SQL>")`` and the like (nothing otherwise)."""
    found = method_of(node)
    if found is None or found[1] not in EXECUTES:
        return []
    sql_node = arg(node, 0, "query", "operation", "sql")
    sql = detector.value(sql_node).text if sql_node is not None else None
    where = (detector.ctx.path, detector.line(node))
    return [TableUse(*where, table) for table in sql_tables(sql or "")]
