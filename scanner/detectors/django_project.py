"""Django: the databases a settings module configures and the URL patterns a project serves.

Recognises: a module-level ``DATABASES = {"default": {"ENGINE": ..., "NAME": ..., "HOST":
..., "PORT": ...}}`` (values may come from ``os.environ``/``getenv``/settings helpers), or
``dj_database_url.config(env, default=...)`` / ``.parse(url)`` or django-environ's
``env.db(var, default=...)`` as an alias's value (``DATABASE_URL`` by default); later
writes to ``DATABASES`` apply in order (:mod:`scanner.detectors.django_databases`). MongoDB
engines: djongo (its ``CLIENT`` dict's ``host``/``port``), django-mongodb-backend (``HOST``,
``PORT``, or ``parse_uri(uri)``); an ``ENGINE`` of no database known is a warning.
``INSTALLED_APPS`` marks a Django app; ``CACHES`` entries with a Redis or memcached
``BACKEND`` are cache uses of their ``LOCATION``. ``urlpatterns = [path("x/", view),
re_path(r"^x/", view), path("api/", include("app.urls"))]`` (also ``urlpatterns += [...]``,
``.extend([...])`` and lists joined by ``+``): each pattern is a route (method ``ANY``, as
Django dispatches methods in the view; a class-based view's ``as_view()`` gives the methods
its class defines) and ``include`` mounts the included module's patterns under the prefix
(DRF routers' routes are :mod:`scanner.detectors.drf_routers`). Models (``models.Model``
subclasses) give tables: ``Meta.db_table`` or Django's ``<app>_<model>`` default; abstract
models none. Deliberately ignores: ``DATABASE_ROUTERS``, URL patterns built in loops or
functions.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import libcst as cst

from catalog_api.model import Diagnostic, Severity
from scanner.bindings import ClassRef
from scanner.detectors.base import Detector, arg, method_of
from scanner.detectors.connect_args import CASTS
from scanner.detectors.django_databases import Databases, Entry, Override
from scanner.detectors.pymongo_clients import DEFAULT, mongo_address
from scanner.findings import AppDefinition, DatastoreUse, RouteDefinition, RouterMount, TableUse
from scanner.index import ImportTarget, ModuleIndex
from scanner.values import Value

MONGO_ENGINES = frozenset({"djongo", "django_mongodb_backend", "django_mongodb_engine"})
MONGO_PARSE = frozenset(
    {"django_mongodb_backend.parse_uri", "django_mongodb_backend.utils.parse_uri"}
)
ENGINES = {
    "postgresql": "postgres",
    "postgresql_psycopg2": "postgres",
    "postgis": "postgres",
    "mysql": "mysql",
    "sqlite3": "sqlite",
    "oracle": "oracle",
    "postgresql_backend": "postgres",  # django-tenants, django-tenant-schemas
}
NAMED_ENGINES = {"mysql.connector.django": "mysql"}  # MySQL's own backend
NO_DATABASE = "django.db.backends.dummy"
PATHS = frozenset({"django.urls.path", "django.urls.re_path", "django.conf.urls.url"})
INCLUDES = frozenset({"django.urls.include", "django.conf.urls.include"})
MODELS = frozenset({"django.db.models.Model", "django.db.models.base.Model"})
HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options"})
DB_CONFIG = frozenset({"dj_database_url.config"})
DB_PARSE = frozenset({"dj_database_url.parse"})
ENVIRON = frozenset({"environ.Env", "environ.environ.Env"})
ENV_DB = frozenset({"db", "db_url", "database_url"})


class DjangoProject(Detector):
    name = "django"
    modules = frozenset({"django"})

    @classmethod
    def markers(cls) -> frozenset[str]:
        return frozenset({"DATABASES", "urlpatterns", "INSTALLED_APPS", "CACHES", "django"})

    @classmethod
    def wants(cls, index: ModuleIndex) -> bool:
        settings = index.assigns.keys() & {"DATABASES", "urlpatterns", "INSTALLED_APPS", "CACHES"}
        return bool(settings) or "django" in index.imported_roots

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        """A model's table: ``Meta.db_table``, else Django's ``<app>_<model>`` default."""
        if not any(self.names(b.value) & MODELS for b in node.bases):
            return
        info = self.ctx.index.classes.get(node.name.value)
        meta = info.inner.get("Meta") if info is not None else None
        if meta is not None and meta.body.get("abstract") is not None:
            abstract = meta.body["abstract"]
            if isinstance(abstract, cst.Name) and abstract.value == "True":
                return
        table_node = meta.body.get("db_table") if meta is not None else None
        table = self.value(table_node).text if table_node is not None else None
        if table is None:
            app = _app_label(self.ctx.path)
            table = f"{app}_{node.name.value.lower()}" if app else node.name.value.lower()
        cited = table_node if table_node is not None else node
        self.findings.append(TableUse(self.ctx.path, self.line(cited), table))

    def visit_Module(self, node: cst.Module) -> None:
        assigns = self.ctx.index.assigns
        if "INSTALLED_APPS" in assigns:
            self.findings.append(
                AppDefinition(self.ctx.path, self.line(assigns["INSTALLED_APPS"]), "django")
            )
        replay = Databases(assigns, lambda key: self.value(key).text, self._reads)
        for entry in replay.entries(node.body).values():
            self._database(entry)
        caches = assigns.get("CACHES")
        if isinstance(caches, cst.Dict):
            for element in caches.elements:
                if isinstance(element, cst.DictElement):
                    self._cache(element.value)
        for item in pattern_items(node):
            if isinstance(item, cst.Call):
                self._pattern(item)

    def _cache(self, node: cst.BaseExpression) -> None:
        """``CACHES`` entries backed by Redis or memcached (``LOCATION`` is the address)."""
        fields = self._fields(node)
        backend = (self.value(fields["BACKEND"]).text or "") if "BACKEND" in fields else ""
        technology = (
            "redis"
            if "redis" in backend.lower()
            else "memcached"
            if "memcache" in backend.lower()
            else None
        )
        location = fields.get("LOCATION")
        if technology is None or location is None:
            return
        address = self.value(location)
        if isinstance(location, cst.List | cst.Tuple) and location.elements:
            address = self.value(location.elements[0].value)
        if technology == "memcached" and address.text is not None and "://" not in address.text:
            address = Value.of("memcached://") + address
        use = DatastoreUse(
            self.ctx.path, self.line(node), "django", technology, address, usage="cache"
        )
        self.findings.append(use)

    def _fields(self, node: cst.BaseExpression) -> dict[str, cst.BaseExpression]:
        fields: dict[str, cst.BaseExpression] = {}
        if isinstance(node, cst.Dict):
            for element in node.elements:
                if isinstance(element, cst.DictElement):
                    key = self.value(element.key).text
                    if key:
                        fields[key] = element.value
        return fields

    def _reads(self, node: cst.BaseExpression) -> bool:
        """Whether a database entry that is not a dict is one the scanner reads."""
        if not isinstance(node, cst.Call):
            return False
        return self._database_url(node) is not None or self._mongo_uri(node) is not None

    def _database(self, entry: Entry) -> None:
        if isinstance(entry, Override):  # rewritten with what the scanner cannot read: the
            where = (self.ctx.path, self.line(entry.node))  # earlier literal no longer holds
            address = Value.unknown(f"DATABASES {entry.hint}")
            self.findings.append(DatastoreUse(*where, "django", "sql", address))
            return
        if not isinstance(entry, dict):
            self._database_call(entry)
            return
        fields = entry
        if "ENGINE" not in fields:
            return
        engine = self.value(fields["ENGINE"])
        short = (engine.text or "").rsplit(".", 1)[-1]
        technology = ENGINES.get(short) or NAMED_ENGINES.get(engine.text or "")
        name = self.value(fields["NAME"]) if "NAME" in fields else None
        host = self.value(fields["HOST"]) if "HOST" in fields else Value.of("localhost")
        port = Value.of(":") + self.value(fields["PORT"]) if "PORT" in fields else Value()
        if short in MONGO_ENGINES:
            self._mongo_engine(fields, short, name)
            return
        if engine.text == NO_DATABASE:
            return
        if technology == "sqlite":
            address = Value.of("sqlite:///") + (name or Value.unknown("NAME"))
        elif technology is not None:
            address = Value.of(f"{technology}://") + host + port
        elif engine.text is None:  # ENGINE from the environment: the engine is the scheme,
            technology = ""  # read once resolved (scanner.addresses knows Django's engines)
            address = engine + Value.of("://") + host + port + Value.of("/") + (name or Value())
        else:  # a database the scanner does not know: say so rather than stay silent
            message = f"Django database ENGINE {engine.text!r} is not one the scanner knows"
            message += "; no datastore edge drawn for it"
            where = (self.ctx.path, self.line(fields["ENGINE"]))
            self.diagnostics.append(Diagnostic(*where, Severity.WARNING, "unknown-engine", message))
            return
        cited = self.line(fields["ENGINE"])  # the line that says which database it is
        use = DatastoreUse(self.ctx.path, cited, "django", technology, address, database=name)
        self.findings.append(use)

    def _database_call(self, node: cst.BaseExpression) -> None:
        url = self._database_url(node) if isinstance(node, cst.Call) else None
        if url is not None:
            self.findings.append(DatastoreUse(self.ctx.path, self.line(node), "django", "sql", url))
            return
        mongo = self._mongo_uri(node) if isinstance(node, cst.Call) else None
        if mongo is not None:
            self._mongo_use(node, mongo, None)

    def _mongo_engine(
        self, fields: dict[str, cst.BaseExpression], engine: str, name: Value | None
    ) -> None:
        """MongoDB engines: djongo hands its ``CLIENT`` dict to pymongo's ``MongoClient`` (it
        ignores ``HOST``); django-mongodb-backend reads ``HOST`` (a name or a URI) and
        ``PORT``. Without a host both connect where pymongo does by default."""
        if engine == "djongo":
            client = fields.get("CLIENT")
            parts = self._fields(client) if client is not None else {}
            if client is not None and not isinstance(client, cst.Dict):
                address = Value.unknown("CLIENT")  # a dict built elsewhere: not guessed
            else:
                address = self._mongo_address(parts.get("host"), parts.get("port"))
        else:
            address = self._mongo_address(fields.get("HOST"), fields.get("PORT"))
        self._mongo_use(fields["ENGINE"], address, name)

    def _mongo_address(
        self, host: cst.BaseExpression | None, port: cst.BaseExpression | None
    ) -> Value:
        if isinstance(port, cst.Call) and self.names(port.func) & CASTS and port.args:
            port = port.args[0].value  # ``int(os.getenv("DB_PORT", 27017))``: the digits
        return mongo_address(
            self.value(host) if host is not None else None,
            self.value(port) if port is not None else None,
            Value.of(DEFAULT),
        )

    def _mongo_uri(self, node: cst.Call) -> Value | None:
        """The URI of ``django_mongodb_backend.parse_uri(uri, db_name=...)``."""
        if not self.names(node.func) & MONGO_PARSE:
            return None
        uri = arg(node, 0, "uri")
        return self.value(uri) if uri is not None else Value.unknown("uri")

    def _mongo_use(self, node: cst.CSTNode, address: Value, name: Value | None) -> None:
        use = DatastoreUse(
            self.ctx.path, self.line(node), "django", "mongodb", address, database=name
        )
        self.findings.append(use)

    def _database_url(self, node: cst.Call) -> Value | None:
        """The URL of ``dj_database_url.parse(url)``, and of ``dj_database_url.config(env,
        default)`` and django-environ's ``env.db(var, default)`` (both read the variable
        ``DATABASE_URL`` unless told another, the default applying when it is unset)."""
        names = self.names(node.func)
        if names & DB_PARSE:
            url = arg(node, 0, "url")
            return self.value(url) if url is not None else None
        environ = isinstance(node.func, cst.Attribute) and node.func.attr.value in ENV_DB
        if environ and isinstance(node.func, cst.Attribute):
            environ = bool(self.made_by(node.func.value)[0] & ENVIRON)
        if not environ and not names & DB_CONFIG:
            return None
        variable = arg(node, 0, "env", "var")
        name = self.value(variable).text if variable is not None else "DATABASE_URL"
        default = arg(node, 1, "default")
        if name is None:
            return self.value(default) if default is not None else None
        return Value.env(name, self.value(default) if default is not None else None)

    def _pattern(self, call: cst.Call) -> None:
        if not self.names(call.func) & PATHS:
            return
        route_node, view = arg(call, 0, "route"), arg(call, 1, "view")
        route = self.value(route_node).text if route_node is not None else None
        if route is None:
            return
        route = "/" + route.removeprefix("^").removesuffix("$").lstrip("/")
        router = f"{self.ctx.path}:urlpatterns"
        if isinstance(view, cst.Call) and self.names(view.func) & INCLUDES:
            included = arg(view, 0, "arg")
            module = self.value(included).text if included is not None else None
            target = self._module_path(module) if module else None
            if target is not None:
                self.findings.append(
                    RouterMount(
                        self.ctx.path,
                        self.line(call),
                        f"{target}:urlpatterns",
                        Value.of(route.rstrip("/")),
                        router,
                    )
                )
            return
        for method in self._view_methods(view):
            found = RouteDefinition(self.ctx.path, self.line(call), "django", method, route, router)
            self.findings.append(found)

    def _view_methods(self, view: cst.BaseExpression | None) -> list[str]:
        """The HTTP methods a class-based view (``View.as_view()``) defines, else ``ANY``."""
        if not (isinstance(view, cst.Call) and isinstance(view.func, cst.Attribute)):
            return ["ANY"]
        if view.func.attr.value != "as_view":
            return ["ANY"]
        found = self.ev.resolve(self.ctx, view.func.value)
        if not isinstance(found, ClassRef):
            return ["ANY"]
        methods = {
            item.name.value.upper()
            for klass, _ in self.ev.mro(found.ctx, found.info)
            for item in klass.node.body.body
            if isinstance(item, cst.FunctionDef) and item.name.value in HTTP_METHODS
        }
        return sorted(methods) or ["ANY"]

    def _module_path(self, dotted: str) -> str | None:
        found = self.ev.loader.resolve_import(self.ctx.path, ImportTarget(dotted, None))
        return found[0][0] if found else None


def _app_label(path: str) -> str:
    """The Django app a models module belongs to: its package's directory name."""
    parts = path.split("/")[:-1]
    if parts and parts[-1] == "models":
        parts = parts[:-1]
    return parts[-1] if parts else ""


def pattern_items(module: cst.Module) -> Iterator[cst.BaseExpression]:
    """Each expression a module adds to its ``urlpatterns`` at top level: ``urlpatterns =
    [...]``, ``+= [...]``, ``.extend([...])``/``.append(...)``, lists joined by ``+`` (a
    DRF ``router.urls`` among them stays one item)."""
    yield from _block_items(module.body)


def _block_items(statements: Sequence[cst.CSTNode]) -> Iterator[cst.BaseExpression]:
    """Top-level statements, and those under a top-level ``if``/``else``/``try``."""
    for statement in statements:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                for value in _added_patterns(small):
                    yield from _flattened(value)
        elif isinstance(statement, cst.If | cst.Try):
            yield from _block_items(statement.body.body)
            orelse = statement.orelse
            if isinstance(orelse, cst.If):
                yield from _block_items([orelse])
            elif orelse is not None:
                yield from _block_items(orelse.body.body)


def _added_patterns(small: cst.BaseSmallStatement) -> list[cst.BaseExpression]:
    if isinstance(small, cst.Assign) and any(_is_patterns(t.target) for t in small.targets):
        return [small.value]
    if isinstance(small, cst.AugAssign) and _is_patterns(small.target):
        return [small.value]
    if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
        found = method_of(small.value)
        if found is not None and _is_patterns(found[0]) and found[1] in ("extend", "append"):
            return [a.value for a in small.value.args]
    return []


def _is_patterns(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "urlpatterns"


def _flattened(node: cst.BaseExpression) -> Iterator[cst.BaseExpression]:
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        yield from _flattened(node.left)
        yield from _flattened(node.right)
    elif isinstance(node, cst.List | cst.Tuple):
        for element in node.elements:
            yield from _flattened(element.value)
    else:
        yield node
