"""Which actions a Django REST framework ViewSet serves, read from its class without importing it.

DRF's routers map actions to HTTP methods: ``list``/``create`` on the list route,
``retrieve``/``update``/``partial_update``/``destroy`` on the detail route, plus one route per
``@action``. A ViewSet's actions are the ones its DRF bases bring (``ModelViewSet``,
``ReadOnlyModelViewSet``, the ``mixins``) and the methods it or a base in the repository
defines; ``http_method_names`` removes the methods it disallows. Used by
:mod:`scanner.detectors.drf_routers`; bases outside the repository and outside DRF bring no
actions (nothing is guessed for them).
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from scanner.bindings import ClassRef
from scanner.detectors.base import arg, strings
from scanner.evaluate import Evaluator
from scanner.modules import ModuleContext
from scanner.symbolic import value_of

_ALL = frozenset({"list", "create", "retrieve", "update", "partial_update", "destroy"})
BASE_ACTIONS = {
    "rest_framework.viewsets.ModelViewSet": _ALL,
    "rest_framework.viewsets.ReadOnlyModelViewSet": frozenset({"list", "retrieve"}),
    "rest_framework.mixins.ListModelMixin": frozenset({"list"}),
    "rest_framework.mixins.CreateModelMixin": frozenset({"create"}),
    "rest_framework.mixins.RetrieveModelMixin": frozenset({"retrieve"}),
    "rest_framework.mixins.UpdateModelMixin": frozenset({"update", "partial_update"}),
    "rest_framework.mixins.DestroyModelMixin": frozenset({"destroy"}),
}
LIST_ROUTE = (("list", "GET"), ("create", "POST"))
DETAIL_ROUTE = (
    ("retrieve", "GET"),
    ("update", "PUT"),
    ("partial_update", "PATCH"),
    ("destroy", "DELETE"),
)
ACTIONS = frozenset({"rest_framework.decorators.action"})
OLD_ACTIONS = {
    "rest_framework.decorators.detail_route": True,
    "rest_framework.decorators.list_route": False,
}


@dataclass(frozen=True)
class ExtraAction:
    """An ``@action``: its route segment, whether it is on the detail route, its methods."""

    url_path: str
    detail: bool
    methods: tuple[str, ...]


@dataclass(frozen=True)
class ViewSetRoutes:
    """What a router generates for one ViewSet, before prefixes."""

    lookup: str
    list_methods: tuple[str, ...]
    detail_methods: tuple[str, ...]
    extra: tuple[ExtraAction, ...]


def viewset_routes(ev: Evaluator, viewset: ClassRef) -> ViewSetRoutes:
    """The routes DRF generates for ``viewset`` (its class and the bases the repository has)."""
    chain = ev.mro(viewset.ctx, viewset.info)
    actions: set[str] = set()
    attributes: dict[str, tuple[ModuleContext, cst.BaseExpression]] = {}
    extra: dict[str, ExtraAction] = {}
    for info, ctx in reversed(chain):  # nearest class last, so its settings win
        for base in info.bases:
            for name in ctx.qualified_names(base):
                actions |= BASE_ACTIONS.get(name, frozenset())
        for key, value in info.body.items():
            if value is not None:
                attributes[key] = (ctx, value)
        for item in info.node.body.body:
            if isinstance(item, cst.FunctionDef):
                actions |= {item.name.value} & _ALL
                _extra_action(ev, ctx, item, extra)
    allowed = _allowed(attributes)
    lookup = _setting(ev, attributes, "lookup_url_kwarg") or _setting(
        ev, attributes, "lookup_field"
    )
    return ViewSetRoutes(
        lookup or "pk",
        tuple(m for a, m in LIST_ROUTE if a in actions and m in allowed),
        tuple(m for a, m in DETAIL_ROUTE if a in actions and m in allowed),
        tuple(
            ExtraAction(e.url_path, e.detail, tuple(m for m in e.methods if m in allowed))
            for e in sorted(extra.values(), key=lambda e: (e.detail, e.url_path))
        ),
    )


def _extra_action(
    ev: Evaluator, ctx: ModuleContext, node: cst.FunctionDef, extra: dict[str, ExtraAction]
) -> None:
    """An ``@action`` method, or ``@name.mapping.<method>`` adding a method to one."""
    for decorator in node.decorators:
        expr = decorator.decorator
        func = expr.func if isinstance(expr, cst.Call) else expr
        names = ctx.qualified_names(func)
        if names & (ACTIONS | OLD_ACTIONS.keys()):
            call = expr if isinstance(expr, cst.Call) else None
            detail = next((OLD_ACTIONS[n] for n in names if n in OLD_ACTIONS), None)
            extra[node.name.value] = _action(ev, ctx, node, call, detail)
        elif (mapped := _mapped(func)) is not None and mapped[0] in extra:
            found = extra[mapped[0]]
            methods = (*found.methods, mapped[1])
            extra[mapped[0]] = ExtraAction(found.url_path, found.detail, methods)


def _action(
    ev: Evaluator,
    ctx: ModuleContext,
    node: cst.FunctionDef,
    call: cst.Call | None,
    detail: bool | None,
) -> ExtraAction:
    url_path = node.name.value
    methods: tuple[str, ...] = ("GET",)
    if call is not None:
        given = arg(call, None, "url_path")
        text = value_of(ev, ctx, given).text if given is not None else None
        url_path = (text or url_path).strip("/")
        listed = strings(arg(call, None, "methods"))
        methods = tuple(m.upper() for m in listed) or methods
        flag = arg(call, None, "detail")
        if detail is None:
            detail = isinstance(flag, cst.Name) and flag.value == "True"
    return ExtraAction(url_path, bool(detail), methods)


def _mapped(func: cst.BaseExpression) -> tuple[str, str] | None:
    """(action, METHOD) of ``@cancel.mapping.delete``."""
    if not (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Attribute)):
        return None
    owner = func.value
    if owner.attr.value != "mapping" or not isinstance(owner.value, cst.Name):
        return None
    return owner.value.value, func.attr.value.upper()


def _allowed(attributes: dict[str, tuple[ModuleContext, cst.BaseExpression]]) -> frozenset[str]:
    found = attributes.get("http_method_names")
    listed = strings(found[1]) if found is not None else []
    return frozenset(m.upper() for m in listed) or frozenset(
        {"GET", "POST", "PUT", "PATCH", "DELETE"}
    )


def _setting(
    ev: Evaluator, attributes: dict[str, tuple[ModuleContext, cst.BaseExpression]], name: str
) -> str | None:
    found = attributes.get(name)
    return value_of(ev, found[0], found[1]).text if found is not None else None
