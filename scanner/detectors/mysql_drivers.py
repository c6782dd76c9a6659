"""Direct MySQL/MariaDB connections: PyMySQL, mysqlclient, mysql-connector, aiomysql,
asyncmy and MariaDB Connector/Python.

Recognises: ``pymysql.connect(host=..., port=..., db=/database=...)`` (also ``Connect``,
``Connection``, ``pymysql.connections.Connection``), ``MySQLdb.connect(...)``,
``mysql.connector.connect(...)`` with its pooling (``MySQLConnectionPool``) and ``aio``
variants, ``aiomysql.connect`` / ``aiomysql.create_pool`` / ``aiomysql.sa.create_engine``,
``asyncmy.connect`` / ``asyncmy.create_pool`` and ``mariadb.connect`` /
``mariadb.ConnectionPool``: keywords, the old positional order (host, user, password,
database, port) and configuration dicts splatted in (``connect(**DB_CONFIG)``). The host
defaults to localhost as in every one of these libraries; the database goes to the
``databases`` detail. Also the tables named by literal SQL passed to ``execute``.
Deliberately ignores: ``read_default_file`` option files (the host lives outside the code),
connections that only name a ``unix_socket`` (always local) and SQL built at run time.
"""

from __future__ import annotations

import libcst as cst

from scanner.detectors.base import Detector
from scanner.detectors.connect_args import ConnectArgs, server_url
from scanner.detectors.sql_text import table_uses
from scanner.findings import DatastoreUse
from scanner.values import Value

_CONNECTS = {
    "pymysql": ("connect", "Connect", "Connection", "connections.Connection"),
    "MySQLdb": ("connect", "Connect", "Connection", "connections.Connection", "_mysql.connect"),
    "mysql.connector": (
        "connect",
        "Connect",
        "MySQLConnection",
        "connection.MySQLConnection",
        "connection_cext.CMySQLConnection",
        "pooling.MySQLConnectionPool",
        "aio.connect",
    ),
    "aiomysql": ("connect", "create_pool", "sa.create_engine"),
    "asyncmy": ("connect", "create_pool"),
    "mariadb": ("connect", "ConnectionPool"),
}
CONNECTS = frozenset(f"{lib}.{name}" for lib, names in _CONNECTS.items() for name in names)


# the old positional order (host, user, password, database, port); pools take options first
POSITIONAL = frozenset(
    n for n in CONNECTS if n.startswith(("pymysql.", "MySQLdb.")) or n == "aiomysql.connect"
)
OPTION_FILES = ("read_default_file", "option_files")


class MysqlDrivers(Detector):
    name = "mysql"
    modules = frozenset({"pymysql", "MySQLdb", "mysql", "aiomysql", "asyncmy", "mariadb"})

    def visit_Call(self, node: cst.Call) -> None:
        names = self.names(node.func) & CONNECTS
        if names:
            self._connect(node, min(names), bool(names & POSITIONAL))
        else:
            self.findings.extend(table_uses(self, node))

    def _connect(self, node: cst.Call, name: str, positional: bool) -> None:
        args = ConnectArgs(self, node)
        host_at, database_at, port_at = (0, 3, 4) if positional else (None, None, None)
        given = args.value(host_at, "host")
        if given is None and args.node(None, "unix_socket") is not None:
            return
        if given is None and args.node(None, *OPTION_FILES) is not None:
            given = Value.unknown("host from a MySQL option file")
        address = server_url(
            "mysql", args.or_default(given, "localhost"), args.value(port_at, "port")
        )
        database = args.value(database_at, "database", "db")
        library = "mysql-connector" if name.startswith("mysql.") else name.split(".", 1)[0]
        use = DatastoreUse(
            self.ctx.path, self.line(node), library, "mysql", address, database=database
        )
        self.findings.append(use)
