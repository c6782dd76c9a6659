"""Django REST framework routers: the routes a router generates for each registered ViewSet.

Recognises: ``router = routers.DefaultRouter()`` / ``SimpleRouter(trailing_slash=False)``,
``router.register(r"orders", OrderViewSet, basename=...)`` (wherever the router was built),
and the router mounted into a URLconf: ``path("api/", include(router.urls))`` (also
``include((router.urls, "ns"))`` and ``re_path``), ``urlpatterns += router.urls``,
``urlpatterns = [...] + router.urls``, ``[*router.urls]`` and ``urlpatterns.extend(...)``;
router classes of the repository derived from DRF's count as theirs.
For a ViewSet the evaluator can reach, routes are generated as DRF does: ``list``/``create``
(``GET``/``POST``) on ``prefix/``, ``retrieve``/``update``/``partial_update``/``destroy``
(``GET``/``PUT``/``PATCH``/``DELETE``) on ``prefix/{lookup}/`` where lookup is
``lookup_url_kwarg``, else ``lookup_field``, else ``pk``; the actions come from
``ModelViewSet`` (all), ``ReadOnlyModelViewSet`` (list, retrieve), the ``mixins`` a
``GenericViewSet`` combines, and methods the class (or a base in the repository) defines;
``http_method_names`` narrows them. ``@action(detail=..., methods=[...], url_path=...)`` and
``@name.mapping.<method>`` add extra routes; ``DefaultRouter`` adds its API root ``GET /``.
Deliberately ignores: ViewSets the evaluator cannot reach (no route is invented for them),
format-suffix patterns, ``HEAD``/``OPTIONS``, nested routers (drf-nested-routers) and
the slash a router subclass sets in its own ``__init__``.
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from scanner.bindings import ClassRef
from scanner.detectors.base import Detector, arg, method_of
from scanner.detectors.django_project import INCLUDES, PATHS, pattern_items
from scanner.detectors.drf_viewsets import ViewSetRoutes, viewset_routes
from scanner.findings import RouteDefinition, RouterMount
from scanner.index import ModuleIndex
from scanner.values import Value

ROUTERS = frozenset(
    {
        "rest_framework.routers.DefaultRouter",
        "rest_framework.routers.SimpleRouter",
    }
)
DEFAULT_ROUTERS = frozenset({"rest_framework.routers.DefaultRouter"})


class DrfRouters(Detector):
    name = "drf"
    modules = frozenset({"rest_framework"})

    @classmethod
    def markers(cls) -> frozenset[str]:
        return frozenset({"rest_framework", ".urls"})

    @classmethod
    def wants(cls, index: ModuleIndex) -> bool:
        """Also URLconfs that import a router built elsewhere."""
        return "rest_framework" in index.imported_roots or "urlpatterns" in index.assigns

    def visit_Call(self, node: cst.Call) -> None:
        found = method_of(node)
        if found is None or found[1] != "register":
            return
        router = self._router(found[0])
        prefix_node, viewset = arg(node, 0, "prefix"), arg(node, 1, "viewset")
        if router is None or prefix_node is None or viewset is None:
            return
        prefix = self.value(prefix_node).text
        bound = self.ev.resolve(self.ctx, viewset)
        if prefix is None or not isinstance(bound, ClassRef):
            return
        router_id, slash, _ = router
        routes = viewset_routes(self.ev, bound)
        for method, route in _urls(prefix.strip("^$/"), slash, routes):
            found_route = RouteDefinition(
                self.ctx.path, self.line(node), "django", method, route, router_id
            )
            self.findings.append(found_route)

    def visit_Module(self, node: cst.Module) -> None:
        """Routers mounted into this module's ``urlpatterns``; a ``DefaultRouter``'s root."""
        for item in pattern_items(node):
            for prefix, urls in _mounted(self, item):
                self._mount(item, prefix, urls)

    def _mount(self, where: cst.CSTNode, prefix: str, urls: cst.BaseExpression) -> None:
        router = self._router(urls)
        if router is None:
            return
        router_id, _, root = router
        parent = f"{self.ctx.path}:urlpatterns"
        mount = RouterMount(self.ctx.path, self.line(where), router_id, Value.of(prefix), parent)
        self.findings.append(mount)
        if root:
            found = RouteDefinition(
                self.ctx.path, self.line(where), "django", "GET", "/", router_id
            )
            self.findings.append(found)

    def _router(self, receiver: cst.BaseExpression) -> tuple[str, str, bool] | None:
        """(router id, trailing slash, has an API root view) of a DRF router."""
        made, call = self.made_by(receiver)
        where = self.made_at(call)
        if call is None or where is None:
            return None
        made = made | self._router_bases(call)
        if not made & ROUTERS:
            return None
        slash_node = arg(call, None, "trailing_slash")
        off = isinstance(slash_node, cst.Name) and slash_node.value == "False"
        if slash_node is not None and not off:
            off = self.made_value(slash_node).text == ""
        slash = "" if off else "/"
        root_node = arg(call, None, "include_root_view")
        hidden = isinstance(root_node, cst.Name) and root_node.value == "False"
        root = bool(made & DEFAULT_ROUTERS) and not hidden
        return f"{where[0]}:router@{where[1]}", slash, root

    def _router_bases(self, call: cst.Call) -> frozenset[str]:
        """DRF routers a router class of the repository derives from (``class
        OptionalSlashRouter(DefaultRouter)``)."""
        ctx = getattr(self, "_origin_ctx", self.ctx)
        found = self.ev.resolve(ctx, call.func)
        if not isinstance(found, ClassRef):
            return frozenset()
        chain = self.ev.mro(found.ctx, found.info)
        return frozenset().union(*(c.qualified_names(b) for k, c in chain for b in k.bases))


def _urls(prefix: str, slash: str, routes: ViewSetRoutes) -> Iterator[tuple[str, str]]:
    """(method, route) DRF's SimpleRouter generates, before mount prefixes."""
    base = f"/{prefix}" if prefix else ""
    detail = f"{base}/{{{routes.lookup}}}"
    for method in routes.list_methods:
        yield method, (base + slash) or "/"
    for method in routes.detail_methods:
        yield method, detail + slash
    for extra in routes.extra:
        at = detail if extra.detail else base
        for method in extra.methods:
            yield method, f"{at}/{extra.url_path}{slash}"


def _mounted(det: Detector, node: cst.BaseExpression) -> list[tuple[str, cst.BaseExpression]]:
    """(prefix, the router expression whose ``.urls`` is mounted) for one urlpatterns item."""
    if isinstance(node, cst.Attribute) and node.attr.value == "urls":
        return [("", node.value)]
    if not (isinstance(node, cst.Call) and det.names(node.func) & PATHS):
        return []
    route, view = arg(node, 0, "route"), arg(node, 1, "view")
    text = det.value(route).text if route is not None else None
    if text is None or not (isinstance(view, cst.Call) and det.names(view.func) & INCLUDES):
        return []
    included = arg(view, 0, "arg")
    if isinstance(included, cst.Tuple) and included.elements:
        included = included.elements[0].value
    if isinstance(included, cst.Attribute) and included.attr.value == "urls":
        prefix = "/" + text.removeprefix("^").removesuffix("$").strip("/")
        return [(prefix.rstrip("/"), included.value)]
    return []
