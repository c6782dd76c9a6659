"""MongoDB configured through settings keys: Flask-PyMongo (``MONGO_URI``, with the old
``MONGO_DBNAME``, or the URI given to ``PyMongo(app, uri)`` itself), Flask-MongoEngine
(``MONGODB_SETTINGS`` as a dict or a list of dicts with ``host``/``port``/``db``; the older
``MONGODB_HOST``, ``MONGODB_PORT``, ``MONGODB_DB``) and django-mongoengine
(``MONGODB_DATABASES``, a dict of aliases to such dicts).

``PyMongo(app)`` and ``MongoEngine(app)`` read these from ``app.config``; the keys are read
where :mod:`scanner.detectors.config_keys` says (``app.config`` writes, config classes,
config modules), each group being one connection (one per dict in the dict forms), cited
where the host or URI is set. A settings dict named by a variable is followed to its
literal. Deliberately ignores: keys assigned inside functions or in test config classes,
``mongomock://`` hosts, and settings dicts built at run time.
"""

from __future__ import annotations

import libcst as cst

from scanner.bindings import Expr
from scanner.detectors.base import arg
from scanner.detectors.config_keys import ConfigKeys, Group
from scanner.detectors.pymongo_clients import DEFAULT, mongo_address
from scanner.findings import DatastoreUse
from scanner.modules import ModuleContext
from scanner.symbolic import value_of
from scanner.values import Value

DICTS = frozenset({"builtins.dict"})
PYMONGO = frozenset({"flask_pymongo.PyMongo", "flask_pymongo.wrappers.PyMongo"})
Fields = dict[str, tuple[ModuleContext, cst.BaseExpression]]


class FlaskMongoConfig(ConfigKeys):
    name = "flask-mongo"
    modules = frozenset({"flask_pymongo", "flask_mongoengine", "django_mongoengine"})
    anchors = frozenset({"MONGO_URI", "MONGODB_SETTINGS", "MONGODB_HOST", "MONGODB_DATABASES"})
    keys = anchors | {"MONGO_DBNAME", "MONGODB_PORT", "MONGODB_DB"}

    def visit_Call(self, node: cst.Call) -> None:
        """``PyMongo(app, uri=...)``: the URI given at the call, not through ``app.config``."""
        super().visit_Call(node)
        if self.names(node.func) & PYMONGO:
            uri = arg(node, 1, "uri")
            if uri is not None:
                self._use(node, self.value(uri), None)

    def emit(self, group: Group) -> None:
        if "MONGO_URI" in group:
            statement, uri = group["MONGO_URI"]
            database = self._key(group, "MONGO_DBNAME")
            self._use(statement, self.value(uri), database)
        if "MONGODB_HOST" in group:
            statement, host = group["MONGODB_HOST"]
            port = self._key(group, "MONGODB_PORT")
            address = mongo_address(self.value(host), port, Value.of(DEFAULT))
            self._use(statement, address, self._key(group, "MONGODB_DB"))
        if "MONGODB_SETTINGS" in group:
            for fields in self._dicts(group["MONGODB_SETTINGS"][1], nested=False):
                self._settings(fields)
        if "MONGODB_DATABASES" in group:
            for fields in self._dicts(group["MONGODB_DATABASES"][1], nested=True):
                self._settings(fields)

    def _key(self, group: Group, key: str) -> Value | None:
        return self.value(group[key][1]) if key in group else None

    def _settings(self, fields: Fields) -> None:
        """One connection dict: ``host`` (a name or URL), ``port``, ``db``/``name``."""

        def read(*names: str) -> Value | None:
            found = next((fields[n] for n in names if n in fields), None)
            return value_of(self.ev, found[0], found[1]) if found is not None else None

        host = read("host")
        address = mongo_address(host, read("port"), Value.of(DEFAULT))
        where = fields.get("host") or fields.get("db") or fields.get("name")
        if where is not None:
            self._use(where[1], address, read("db", "name"), where[0])

    def _dicts(self, node: cst.BaseExpression, nested: bool) -> list[Fields]:
        """The connection dicts a settings value holds: itself, the dicts of a list (or, when
        ``nested``, the values of an alias dict), each followed from a name to its literal."""
        ctx, node = self._literal(self.ctx, node)
        if isinstance(node, cst.List | cst.Tuple) and not nested:
            found = [self._literal(ctx, e.value) for e in node.elements]
            return [f for c, n in found if (f := self._fields(c, n)) is not None]
        if nested:
            outer = self._fields(ctx, node) or {}
            inner = [self._fields(*self._literal(c, n)) for c, n in outer.values()]
            return [f for f in inner if f is not None]
        fields = self._fields(ctx, node)
        return [fields] if fields is not None else []

    def _literal(
        self, ctx: ModuleContext, node: cst.BaseExpression
    ) -> tuple[ModuleContext, cst.BaseExpression]:
        found = self.ev.resolve(ctx, node) if isinstance(node, cst.Name | cst.Attribute) else None
        return (found.ctx, found.node) if isinstance(found, Expr) else (ctx, node)

    def _fields(self, ctx: ModuleContext, node: cst.BaseExpression) -> Fields | None:
        """The string-keyed entries of a ``{...}`` or ``dict(...)`` literal."""
        if isinstance(node, cst.Dict):
            fields: Fields = {}
            for element in node.elements:
                if isinstance(element, cst.DictElement):
                    key = value_of(self.ev, ctx, element.key).text
                    if key is not None:
                        fields[key] = (ctx, element.value)
            return fields
        if isinstance(node, cst.Call) and ctx.qualified_names(node.func) & DICTS:
            return {a.keyword.value: (ctx, a.value) for a in node.args if a.keyword is not None}
        return None

    def _use(
        self,
        node: cst.CSTNode,
        address: Value,
        database: Value | None,
        ctx: ModuleContext | None = None,
    ) -> None:
        if (address.text or "").startswith("mongomock://"):
            return
        ctx = ctx or self.ctx
        use = DatastoreUse(
            ctx.path, ctx.line(node), "flask-mongo", "mongodb", address, database=database
        )
        self.findings.append(use)
