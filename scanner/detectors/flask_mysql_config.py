"""MySQL configured through Flask extensions' settings keys: Flask-MySQLdb and
flask-mysql-connector (``MYSQL_HOST``, ``MYSQL_PORT``, ``MYSQL_DB``/``MYSQL_DATABASE``) and
Flask-MySQL (``MYSQL_DATABASE_HOST``, ``MYSQL_DATABASE_PORT``, ``MYSQL_DATABASE_DB``).

These extensions never show the host at a call: ``mysql = MySQL(app)`` reads it from
``app.config``. Recognises the keys set as ``app.config["MYSQL_HOST"] = ...``, in
``app.config.update(...)`` / ``from_mapping(...)`` (keywords or a dict), as attributes of a
config class, and as module-level names of a config module (``from_object``/``from_pyfile``).
The keys of one class, of the module, or of ``*.config`` writes in one file form one
connection, cited where the host is set. Deliberately
ignores: keys set without a host (the extensions then use localhost), keys assigned inside
functions (run-time reconfiguration) and ``pymysql_kwargs`` dicts.
"""

from __future__ import annotations

import libcst as cst

from scanner.detectors.base import Detector, arg, method_of
from scanner.detectors.connect_args import server_url
from scanner.evaluate import Evaluator
from scanner.findings import DatastoreUse
from scanner.index import ModuleIndex
from scanner.modules import ModuleContext

# host key -> (database keys, port key)
FAMILIES = {
    "MYSQL_HOST": (("MYSQL_DB", "MYSQL_DATABASE"), "MYSQL_PORT"),
    "MYSQL_DATABASE_HOST": (("MYSQL_DATABASE_DB",), "MYSQL_DATABASE_PORT"),
}
KEYS = frozenset(FAMILIES) | {k for dbs, port in FAMILIES.values() for k in (*dbs, port)}
CONFIG_METHODS = frozenset({"update", "from_mapping"})
Group = dict[str, tuple[cst.CSTNode, cst.BaseExpression]]  # key -> (statement, value)


class FlaskMysqlConfig(Detector):
    name = "flask-mysql"
    modules = frozenset({"flask_mysqldb", "flaskext", "flask_mysql_connector"})

    @classmethod
    def markers(cls) -> frozenset[str]:
        return cls.modules | frozenset(FAMILIES)

    @classmethod
    def wants(cls, index: ModuleIndex) -> bool:
        in_classes = any(h in c.body for c in index.classes.values() for h in FAMILIES)
        in_module = any(h in index.assigns for h in FAMILIES)
        return bool(cls.modules & index.imported_roots) or in_classes or in_module

    def __init__(self, ctx: ModuleContext, evaluator: Evaluator) -> None:
        super().__init__(ctx, evaluator)
        self._groups: dict[object, Group] = {}
        self._classes: list[cst.ClassDef] = []
        self._functions = 0

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._classes.append(node)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._classes.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._functions += 1

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._functions -= 1

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            key, scope = self._target(target.target)
            if key in KEYS and scope is not None:
                self._groups.setdefault(scope, {})[key] = (node, node.value)

    def _target(self, target: cst.BaseAssignTargetExpression) -> tuple[str | None, object]:
        """The config key an assignment sets and the group it belongs to."""
        if isinstance(target, cst.Name) and self._functions == 0:
            return target.value, self._classes[-1] if self._classes else "module"
        if isinstance(target, cst.Subscript) and _is_config(target.value):
            index = target.slice[0].slice if len(target.slice) == 1 else None
            if isinstance(index, cst.Index):
                return self.value(index.value).text, "config"
        return None, None

    def visit_Call(self, node: cst.Call) -> None:
        found = method_of(node)
        if found is None or found[1] not in CONFIG_METHODS or not _is_config(found[0]):
            return
        group = self._groups.setdefault("config", {})  # one app per module, as a rule
        for a in node.args:
            if a.keyword is not None and a.keyword.value in KEYS:
                group[a.keyword.value] = (node, a.value)
        mapping = arg(node, 0)
        if isinstance(mapping, cst.Dict):
            for element in mapping.elements:
                if isinstance(element, cst.DictElement):
                    key = self.value(element.key).text
                    if key in KEYS:
                        group[key] = (element, element.value)

    def leave_Module(self, original_node: cst.Module) -> None:
        for group in self._groups.values():
            for host_key, (databases, port_key) in FAMILIES.items():
                if host_key in group:
                    self._emit(group, host_key, databases, port_key)

    def _emit(self, group: Group, host_key: str, databases: tuple[str, ...], port: str) -> None:
        statement, host = group[host_key]
        port_value = self.value(group[port][1]) if port in group else None
        database = next((self.value(group[k][1]) for k in databases if k in group), None)
        address = server_url("mysql", self.value(host), port_value)
        where = (self.ctx.path, self.line(statement))
        use = DatastoreUse(*where, "flask-mysql", "mysql", address, database=database)
        self.findings.append(use)


def _is_config(node: cst.BaseExpression) -> bool:
    """``app.config`` / ``current_app.config`` / ``self.app.config``."""
    return isinstance(node, cst.Attribute) and node.attr.value == "config"
