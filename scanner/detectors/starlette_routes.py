"""Starlette applications and the routes they serve.

Recognises: ``Starlette(routes=[...])`` (an app) and ``Router(routes=[...])``, whose route
lists (inline or held in a module variable, in this module or imported) hold
``Route("/x", endpoint, methods=[...])`` (``GET`` when no methods are given),
``WebSocketRoute("/ws", endpoint)`` and ``Mount("/api", routes=[...])`` or
``Mount("/api", app=Router(...))`` nested to any depth (the mount's prefix is applied); a
``Mount("/api", app=router)`` naming a module-level ``Router`` is reported as a
:class:`~scanner.findings.RouterMount` so its routes get the prefix wherever they are defined.
Also ``app.add_route("/x", endpoint, methods=[...])`` / ``add_websocket_route`` on a
``Starlette`` or ``Router``. Deliberately ignores: FastAPI apps and ``APIRouter`` (the FastAPI
detector's), ``Host`` routing, mounted static files and other ASGI apps, and route lists
built by computation (concatenation, comprehensions).
"""

from __future__ import annotations

import libcst as cst

from scanner.bindings import Expr
from scanner.detectors.base import Detector, arg, method_of, strings
from scanner.detectors.fastapi_routes import router_id
from scanner.findings import AppDefinition, RouteDefinition, RouterMount
from scanner.modules import ModuleContext
from scanner.symbolic import value_of
from scanner.values import Value

APPS = frozenset({"starlette.applications.Starlette"})
ROUTERS = frozenset({"starlette.routing.Router"})
ROUTES = frozenset({"starlette.routing.Route"})
SOCKETS = frozenset({"starlette.routing.WebSocketRoute"})
MOUNTS = frozenset({"starlette.routing.Mount"})
MAX_DEPTH = 8


class StarletteRoutes(Detector):
    name = "starlette"
    modules = frozenset({"starlette"})

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._walked: set[cst.Call] = set()  # routers already read through an enclosing mount

    def visit_Call(self, node: cst.Call) -> None:
        names = self.names(node.func)
        if names & APPS:
            self.findings.append(AppDefinition(self.ctx.path, self.line(node), "starlette"))
            self._routes(self.ctx, arg(node, 1, "routes"), "", None, 0)
        elif names & MOUNTS:
            app = arg(node, 1, "app")  # read with the mount's prefix wherever the mount is
            if isinstance(app, cst.Call) and self.names(app.func) & ROUTERS:
                self._walked.add(app)
        elif names & ROUTERS and node not in self._walked:
            router = self._router_id(node)
            self._routes(self.ctx, arg(node, 0, "routes"), "", router, 0)
        else:
            self._added(node)

    def _added(self, node: cst.Call) -> None:
        """``app.add_route(path, endpoint, methods=...)`` on a Starlette app or Router."""
        found = method_of(node)
        if found is None or found[1] not in ("add_route", "add_websocket_route"):
            return
        made, _ = self.made_by(found[0])
        if not made & (APPS | ROUTERS):
            return
        router = router_id(self, found[0]) if made & ROUTERS else None
        socket = found[1] == "add_websocket_route"
        self._route(self.ctx, node, "", router, socket)

    def _routes(
        self,
        ctx: ModuleContext,
        node: cst.BaseExpression | None,
        prefix: str,
        router: str | None,
        depth: int,
    ) -> None:
        """Every route in a route list, with the prefix of the mounts it sits under."""
        if node is None or depth > MAX_DEPTH:
            return
        if isinstance(node, cst.Name | cst.Attribute):
            found = self.ev.resolve(ctx, node)
            if isinstance(found, Expr):
                self._routes(found.ctx, found.node, prefix, router, depth + 1)
            return
        if not isinstance(node, cst.List | cst.Tuple):
            return
        for element in node.elements:
            if isinstance(element.value, cst.Call):
                self._entry(ctx, element.value, prefix, router, depth)

    def _entry(
        self, ctx: ModuleContext, call: cst.Call, prefix: str, router: str | None, depth: int
    ) -> None:
        names = ctx.qualified_names(call.func)
        if names & (ROUTES | SOCKETS):
            self._route(ctx, call, prefix, router, bool(names & SOCKETS))
        elif names & MOUNTS:
            self._mount(ctx, call, prefix, router, depth)

    def _mount(
        self, ctx: ModuleContext, call: cst.Call, prefix: str, router: str | None, depth: int
    ) -> None:
        path_node = arg(call, 0, "path")
        path = value_of(self.ev, ctx, path_node).text if path_node is not None else None
        if path is None:
            return
        inner = prefix + path.rstrip("/")
        self._routes(ctx, arg(call, None, "routes"), inner, router, depth + 1)
        app = arg(call, 1, "app")
        if isinstance(app, cst.Call) and ctx.qualified_names(app.func) & ROUTERS:
            self._walked.add(app)
            self._routes(ctx, arg(app, 0, "routes"), inner, router, depth + 1)
        elif isinstance(app, cst.Name | cst.Attribute) and ctx is self.ctx:
            self._mount_router(call, app, inner, router)

    def _mount_router(
        self, call: cst.Call, app: cst.BaseExpression, prefix: str, parent: str | None
    ) -> None:
        """``Mount(prefix, app=router)``: the named Router's routes get the prefix."""
        mounted = router_id(self, app)
        found = self.ev.origin(self.ctx, app)
        if (
            mounted is None
            or found is None
            or not found[0].qualified_names(found[1].func) & ROUTERS
        ):
            return
        mount = RouterMount(self.ctx.path, self.line(call), mounted, Value.of(prefix), parent)
        self.findings.append(mount)

    def _route(
        self, ctx: ModuleContext, call: cst.Call, prefix: str, router: str | None, socket: bool
    ) -> None:
        path_node = arg(call, 0, "path")
        path = value_of(self.ev, ctx, path_node).text if path_node is not None else None
        if path is None:
            return
        methods = ["WS"] if socket else [m.upper() for m in strings(arg(call, None, "methods"))]
        for method in methods or ["GET"]:
            route = RouteDefinition(
                ctx.path, ctx.line(call), "starlette", method, prefix + path, router
            )
            self.findings.append(route)

    def _router_id(self, node: cst.Call) -> str | None:
        """ "path:name" of the module-level variable this ``Router(...)`` is assigned to."""
        for name, value in self.ctx.index.assigns.items():
            if value is node:
                return f"{self.ctx.path}:{name}"
        return None
