"""FastAPI applications and the routes they serve.

Recognises: ``FastAPI(...)`` (an app), route decorators ``@app.get/post/put/patch/delete/
head/options/trace("/path")``, ``@app.api_route("/path", methods=[...])`` and
``@app.websocket``, on a ``FastAPI`` or ``APIRouter`` object however named; the router's
own ``prefix=`` is applied, and ``include_router(router, prefix=...)`` is reported as a
:class:`~scanner.findings.RouterMount` so routers defined in other files get their prefix.
Deliberately ignores: ``add_api_route`` with computed paths, mounted sub-applications
(``app.mount``), Starlette ``Route`` lists.
"""

from __future__ import annotations

import libcst as cst

from scanner.detectors.base import Detector, arg, method_of, strings
from scanner.findings import AppDefinition, RouteDefinition, RouterMount
from scanner.values import Value

VERBS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "trace"})
APPS = frozenset({"fastapi.FastAPI", "fastapi.applications.FastAPI"})
ROUTERS = frozenset({"fastapi.APIRouter", "fastapi.routing.APIRouter"})


class FastAPIRoutes(Detector):
    name = "fastapi"
    modules = frozenset({"fastapi"})

    def visit_Call(self, node: cst.Call) -> None:
        if (self.names(node.func) | self.inherited(node)) & APPS:
            self.findings.append(AppDefinition(self.ctx.path, self.line(node), "fastapi"))
            return
        found = method_of(node)
        if found is None or found[1] != "include_router":
            return
        made, maker = self.made_by(found[0])
        made |= self.inherited(maker, maker=True)
        router = arg(node, 0, "router")
        prefix = arg(node, None, "prefix")
        if not made & (APPS | ROUTERS) or router is None:
            return
        parent = None if made & APPS else self.router_id(found[0])
        prefix_value = self.value(prefix) if prefix is not None else Value()
        mounted = self.router_id(router)
        if mounted is not None:
            mount = RouterMount(self.ctx.path, self.line(node), mounted, prefix_value, parent)
            self.findings.append(mount)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        for decorator in node.decorators:
            call = decorator.decorator
            if isinstance(call, cst.Call):
                self._route(call)

    def _route(self, call: cst.Call) -> None:
        found = method_of(call)
        if found is None:
            return
        receiver, verb = found
        if verb in VERBS:
            methods = [verb.upper()]
        elif verb == "api_route":
            methods = [m.upper() for m in strings(arg(call, None, "methods"))] or ["GET"]
        elif verb == "websocket":
            methods = ["WS"]
        else:
            return
        made, maker = self.made_by(receiver)
        made |= self.inherited(maker, maker=True)
        if not made & (APPS | ROUTERS) or maker is None:
            return
        path_node = arg(call, 0, "path")
        path = self.value(path_node).text if path_node is not None else None
        if path is None:
            return
        prefix_node = arg(maker, None, "prefix") if made & ROUTERS else None
        prefix = (self.made_value(prefix_node).text or "") if prefix_node is not None else ""
        router = self.router_id(receiver) if made & ROUTERS else None
        for method in methods:
            route = RouteDefinition(
                self.ctx.path, self.line(call), "fastapi", method, prefix + path, router
            )
            self.findings.append(route)

    def router_id(self, node: cst.BaseExpression) -> str | None:
        """ "path:name" of the module-level variable a router lives in."""
        return router_id(self, node)


def router_id(detector: Detector, node: cst.BaseExpression) -> str | None:
    """Where a router/blueprint variable is defined, as ``path:name``."""
    found = detector.ev.resolve(detector.ctx, node)
    from scanner.bindings import Expr

    if not isinstance(found, Expr):
        return None
    for name, value in found.ctx.index.assigns.items():
        if value is found.node:
            return f"{found.ctx.path}:{name}"
    return None
