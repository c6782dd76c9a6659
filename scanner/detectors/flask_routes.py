"""Flask applications and the routes they serve (and the Flask-like Quart and Sanic).

Recognises: ``Flask(__name__)`` (an app), ``@app.route("/path", methods=[...])`` (default
GET), Flask 2 shortcuts ``@app.get/post/put/patch/delete``, ``app.add_url_rule("/path", ...)``
on a ``Flask`` or ``Blueprint`` object; a Blueprint's ``url_prefix=`` is applied and
``register_blueprint(bp, url_prefix=...)`` is reported as a mount that, as in Flask, replaces
the blueprint's own prefix (nested blueprints: the parent's prefix, then the child's).
Deliberately ignores: class-based ``MethodView`` registrations with computed rules,
Flask-RESTful resources, application factories' dynamic prefixes. Known gap: a nested
blueprint whose parent is never registered does not get the parent's own prefix.
"""

from __future__ import annotations

import libcst as cst

from scanner.detectors.base import Detector, arg, method_of, strings
from scanner.detectors.fastapi_routes import router_id
from scanner.findings import AppDefinition, RouteDefinition, RouterMount
from scanner.values import Value

VERBS = frozenset({"get", "post", "put", "patch", "delete"})
APPS = frozenset({"flask.Flask", "flask.app.Flask", "quart.Quart", "sanic.Sanic"})
BLUEPRINTS = frozenset(
    {"flask.Blueprint", "flask.blueprints.Blueprint", "quart.Blueprint", "sanic.Blueprint"}
)


class FlaskRoutes(Detector):
    name = "flask"
    modules = frozenset({"flask", "quart", "sanic"})

    def visit_Call(self, node: cst.Call) -> None:
        apps = (self.names(node.func) | self.inherited(node)) & APPS
        if apps:
            framework = min(apps).split(".", 1)[0]
            self.findings.append(AppDefinition(self.ctx.path, self.line(node), framework))
            return
        found = method_of(node)
        if found is None:
            return
        if found[1] == "add_url_rule":
            methods = [m.upper() for m in strings(arg(node, None, "methods"))] or ["GET"]
            self._emit(node, found[0], methods)
        elif found[1] == "register_blueprint":
            self._mount(node, found[0])

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        for decorator in node.decorators:
            call = decorator.decorator
            found = method_of(call) if isinstance(call, cst.Call) else None
            if found is None or not isinstance(call, cst.Call):
                continue
            if found[1] == "route":
                methods = [m.upper() for m in strings(arg(call, None, "methods"))] or ["GET"]
                self._emit(call, found[0], methods)
            elif found[1] in VERBS:
                self._emit(call, found[0], [found[1].upper()])

    def _emit(self, call: cst.Call, receiver: cst.BaseExpression, methods: list[str]) -> None:
        made, maker = self.made_by(receiver)
        made |= self.inherited(maker, maker=True)
        if not made & (APPS | BLUEPRINTS) or maker is None:
            return
        rule_node = arg(call, 0, "rule")
        rule = self.value(rule_node).text if rule_node is not None else None
        if rule is None:
            return
        prefix_node = arg(maker, None, "url_prefix") if made & BLUEPRINTS else None
        prefix = (self.made_value(prefix_node).text or "") if prefix_node is not None else ""
        router = router_id(self, receiver) if made & BLUEPRINTS else None
        framework = min(made & (APPS | BLUEPRINTS)).split(".", 1)[0]
        for method in methods:
            found = RouteDefinition(
                self.ctx.path, self.line(call), framework, method, prefix + rule, router
            )
            self.findings.append(found)

    def _mount(self, call: cst.Call, receiver: cst.BaseExpression) -> None:
        made, maker = self.made_by(receiver)
        made |= self.inherited(maker, maker=True)
        blueprint = arg(call, 0, "blueprint")
        if not made & (APPS | BLUEPRINTS) or blueprint is None:
            return
        prefix_node = arg(call, None, "url_prefix")
        prefix = self.value(prefix_node) if prefix_node is not None else Value()
        mounted = router_id(self, blueprint)
        parent = router_id(self, receiver) if made & BLUEPRINTS else None
        if mounted is not None:
            own = self._own_prefix(blueprint)
            found = RouterMount(self.ctx.path, self.line(call), mounted, prefix, parent, own)
            self.findings.append(found)

    def _own_prefix(self, blueprint: cst.BaseExpression) -> str:
        """The ``url_prefix=`` the blueprint was built with, which its routes carry."""
        made, maker = self.made_by(blueprint)
        prefix_node = arg(maker, None, "url_prefix") if maker and made & BLUEPRINTS else None
        return (self.made_value(prefix_node).text or "") if prefix_node is not None else ""
