"""aiohttp: outgoing requests with ``ClientSession`` and routes of ``web.Application``.

Recognises, client side: ``aiohttp.ClientSession(base_url=...)`` sessions (held as
``async with ... as s``, locals, globals, attributes, or annotated parameters) and their
``get/post/put/patch/delete/head/options(url)`` / ``request(method, url)``, plus
``aiohttp.request(method, url)``. Server side: ``web.Application()`` (an app),
``@routes.get("/x")``-style decorators on a ``web.RouteTableDef()``,
``app.router.add_get/add_post/.../add_route(method, path, handler)`` and ``web.get("/x",
handler)``-style route definitions. Deliberately ignores: sub-applications added with
``add_subapp`` (their prefix), class-based views, websocket clients.
"""

from __future__ import annotations

import libcst as cst

from scanner.detectors.base import Detector, arg, method_of
from scanner.findings import AppDefinition, HttpCall, RouteDefinition
from scanner.values import join

VERBS = frozenset({"get", "post", "put", "patch", "delete", "head", "options"})
SESSIONS = frozenset({"aiohttp.ClientSession", "aiohttp.client.ClientSession"})
APPS = frozenset({"aiohttp.web.Application", "aiohttp.web_app.Application"})
TABLES = frozenset({"aiohttp.web.RouteTableDef", "aiohttp.web_routedef.RouteTableDef"})
ROUTE_DEFS = frozenset(f"aiohttp.web.{v}" for v in VERBS | {"route", "view"})


class AiohttpWeb(Detector):
    name = "aiohttp"
    modules = frozenset({"aiohttp"})

    def visit_Call(self, node: cst.Call) -> None:
        names = self.names(node.func)
        if names & APPS:
            self.findings.append(AppDefinition(self.ctx.path, self.line(node), "aiohttp"))
            return
        if names & {"aiohttp.request", "aiohttp.client.request"}:
            self._request(node, "request", None)
            return
        if names & ROUTE_DEFS:
            verb = next(iter(names & ROUTE_DEFS)).rsplit(".", 1)[-1]
            self._route(node, verb, 0)
            return
        found = method_of(node)
        if found is None:
            return
        receiver, method = found
        if (
            method.startswith("add_")
            and isinstance(receiver, cst.Attribute)
            and receiver.attr.value == "router"
        ):
            self._route(node, method.removeprefix("add_"), 0)
        elif method in VERBS or method == "request":
            made, maker = self.made_by(receiver)
            if made & SESSIONS:
                self._request(node, method, maker)

    def _request(self, node: cst.Call, verb: str, session: cst.Call | None) -> None:
        if verb == "request":
            method_node, url_node = arg(node, 0, "method"), arg(node, 1, "url", "str_or_url")
            method = self.value(method_node).text if method_node is not None else None
        else:
            method, url_node = verb, arg(node, 0, "url", "str_or_url")
        if url_node is None:
            return
        url = self.value(url_node)
        base = arg(session, 0, "base_url") if session is not None else None
        if base is not None:
            url = join(self.made_value(base), url, "urljoin")
        self.findings.append(
            HttpCall(
                self.ctx.path,
                self.line(node),
                "aiohttp",
                (method or "ANY").upper(),
                url,
                self.made_at(session),
            )
        )

    def _route(self, node: cst.Call, verb: str, position: int) -> None:
        if verb == "route":
            method_node, path_node = arg(node, 0, "method"), arg(node, 1, "path")
            method = self.value(method_node).text if method_node is not None else None
        else:
            method, path_node = verb, arg(node, position, "path")
        path = self.value(path_node).text if path_node is not None else None
        if path is None or method is None or verb in ("static", "view"):
            return
        label = "ANY" if method == "*" else method.upper()
        self.findings.append(
            RouteDefinition(self.ctx.path, self.line(node), "aiohttp", label, path)
        )

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        for decorator in node.decorators:
            call = decorator.decorator
            found = method_of(call) if isinstance(call, cst.Call) else None
            if found is None or not isinstance(call, cst.Call) or found[1] not in VERBS | {"route"}:
                continue
            made, _ = self.made_by(found[0])
            if made & TABLES:
                self._route(call, found[1], 0)
