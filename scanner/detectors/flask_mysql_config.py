"""MySQL configured through Flask extensions' settings keys: Flask-MySQLdb and
flask-mysql-connector (``MYSQL_HOST``, ``MYSQL_PORT``, ``MYSQL_DB``/``MYSQL_DATABASE``) and
Flask-MySQL (``MYSQL_DATABASE_HOST``, ``MYSQL_DATABASE_PORT``, ``MYSQL_DATABASE_DB``).

The keys are read where :mod:`scanner.detectors.config_keys` says (``app.config`` writes,
config classes, config modules); each group of them is one connection, cited where the host
is set. Deliberately ignores: keys set without a host (the extensions then use localhost),
keys assigned inside functions or in test config classes, and ``pymysql_kwargs`` dicts.
"""

from __future__ import annotations

from scanner.detectors.config_keys import ConfigKeys, Group
from scanner.detectors.connect_args import server_url
from scanner.findings import DatastoreUse

# host key -> (database keys, port key)
FAMILIES = {
    "MYSQL_HOST": (("MYSQL_DB", "MYSQL_DATABASE"), "MYSQL_PORT"),
    "MYSQL_DATABASE_HOST": (("MYSQL_DATABASE_DB",), "MYSQL_DATABASE_PORT"),
}


class FlaskMysqlConfig(ConfigKeys):
    name = "flask-mysql"
    modules = frozenset({"flask_mysqldb", "flaskext", "flask_mysql_connector"})
    anchors = frozenset(FAMILIES)
    keys = anchors | {k for dbs, port in FAMILIES.values() for k in (*dbs, port)}

    def emit(self, group: Group) -> None:
        for host_key, (databases, port_key) in FAMILIES.items():
            if host_key in group:
                self._connection(group, host_key, databases, port_key)

    def _connection(
        self, group: Group, host_key: str, databases: tuple[str, ...], port: str
    ) -> None:
        statement, host = group[host_key]
        port_value = self.value(group[port][1]) if port in group else None
        database = next((self.value(group[k][1]) for k in databases if k in group), None)
        address = server_url("mysql", self.value(host), port_value)
        where = (self.ctx.path, self.line(statement))
        use = DatastoreUse(*where, "flask-mysql", "mysql", address, database=database)
        self.findings.append(use)
