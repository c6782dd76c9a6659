"""Django: the databases a settings module configures and the URL patterns a project serves.

Recognises: a module-level ``DATABASES = {"default": {"ENGINE": ..., "NAME": ..., "HOST":
..., "PORT": ...}}`` (values may come from ``os.environ``/``getenv``/settings helpers), or
``dj_database_url.config(default=...)`` / ``.parse(url)`` as an alias's value; ``INSTALLED_APPS``
marks a Django app. ``urlpatterns = [path("x/", view), re_path(r"^x/", view),
path("api/", include("app.urls"))]``: each pattern is a route (method ``ANY``, as Django
dispatches methods in the view) and ``include`` mounts the included module's patterns under
the prefix. Deliberately ignores: DRF routers' generated routes, ``DATABASE_ROUTERS``, URL
patterns built in loops.
"""

from __future__ import annotations

import libcst as cst

from scanner.detectors.base import Detector, arg
from scanner.findings import AppDefinition, DatastoreUse, RouteDefinition, RouterMount
from scanner.index import ModuleIndex
from scanner.values import Value

ENGINES = {
    "postgresql": "postgres",
    "postgresql_psycopg2": "postgres",
    "postgis": "postgres",
    "mysql": "mysql",
    "sqlite3": "sqlite",
    "oracle": "oracle",
}
PATHS = frozenset({"django.urls.path", "django.urls.re_path", "django.conf.urls.url"})
INCLUDES = frozenset({"django.urls.include", "django.conf.urls.include"})
DB_URL = frozenset({"dj_database_url.config", "dj_database_url.parse"})


class DjangoProject(Detector):
    name = "django"
    modules = frozenset({"django"})

    @classmethod
    def markers(cls) -> frozenset[str]:
        return frozenset({"DATABASES", "urlpatterns", "INSTALLED_APPS"})

    @classmethod
    def wants(cls, index: ModuleIndex) -> bool:
        return bool(index.assigns.keys() & {"DATABASES", "urlpatterns", "INSTALLED_APPS"})

    def visit_Module(self, node: cst.Module) -> None:
        assigns = self.ctx.index.assigns
        if "INSTALLED_APPS" in assigns:
            self.findings.append(
                AppDefinition(self.ctx.path, self.line(assigns["INSTALLED_APPS"]), "django")
            )
        databases = assigns.get("DATABASES")
        if isinstance(databases, cst.Dict):
            for element in databases.elements:
                if isinstance(element, cst.DictElement):
                    self._database(element.value)
        patterns = assigns.get("urlpatterns")
        if isinstance(patterns, cst.List | cst.Tuple):
            for item in patterns.elements:
                if isinstance(item.value, cst.Call):
                    self._pattern(item.value)

    def _database(self, node: cst.BaseExpression) -> None:
        if isinstance(node, cst.Call) and self.names(node.func) & DB_URL:
            url = arg(node, 0, "default", "url")
            if url is not None:
                self.findings.append(
                    DatastoreUse(self.ctx.path, self.line(node), "django", "sql", self.value(url))
                )
            return
        if not isinstance(node, cst.Dict):
            return
        fields = {}
        for element in node.elements:
            if isinstance(element, cst.DictElement):
                key = self.value(element.key).text
                if key:
                    fields[key] = element.value
        engine = self.value(fields["ENGINE"]).text if "ENGINE" in fields else None
        technology = ENGINES.get((engine or "").rsplit(".", 1)[-1])
        if technology is None:
            return
        name = self.value(fields["NAME"]) if "NAME" in fields else None
        if technology == "sqlite":
            address = Value.of("sqlite:///") + (name or Value.unknown("NAME"))
        else:
            host = self.value(fields["HOST"]) if "HOST" in fields else Value.of("localhost")
            port = Value.of(":") + self.value(fields["PORT"]) if "PORT" in fields else Value()
            address = Value.of(f"{technology}://") + host + port
        self.findings.append(
            DatastoreUse(
                self.ctx.path, self.line(node), "django", technology, address, database=name
            )
        )

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
                        route.rstrip("/"),
                        router,
                    )
                )
            return
        self.findings.append(
            RouteDefinition(self.ctx.path, self.line(call), "django", "ANY", route, router)
        )

    def _module_path(self, dotted: str) -> str | None:
        from scanner.index import ImportTarget

        found = self.ev.loader.resolve_import(self.ctx.path, ImportTarget(dotted, None))
        return found[0][0] if found else None
