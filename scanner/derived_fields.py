"""Settings fields a pydantic settings class computes itself instead of reading them.

``self.CART_API_BASE = f"http://{self.HOST_CART}:{self.PORT_CART}"`` in the class's
``__init__`` (after ``super().__init__()``), in ``model_post_init``, or in a validator that
assigns to ``self`` (``@model_validator(mode="after")``) overrides whatever the environment
gave the field: that assignment is its value, and its own ``self.HOST_CART`` parts are
settings fields again. Only consulted for an attribute some method of the class assigns to
``self`` (the index's ``self_attrs``), so other fields cost a dict lookup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import libcst as cst

from scanner.bindings import Expr

if TYPE_CHECKING:
    from scanner.evaluate import Evaluator
    from scanner.index import ClassInfo
    from scanner.modules import ModuleContext

T = TypeVar("T")
DERIVING = frozenset({"__init__", "model_post_init", "__post_init__"})
VALIDATORS = frozenset({"model_validator", "root_validator", "validator", "field_validator"})


def derived_values(
    ev: Evaluator, ctx: ModuleContext, info: ClassInfo, attr: str, evaluate: Callable[[Expr], T]
) -> list[T] | None:
    """``evaluate`` applied to each expression :func:`derived_field` finds; None when there
    is none, or while one of them is being evaluated (``self.URL = self.URL.rstrip("/")``
    reads the field as the environment gave it)."""
    found = derived_field(ev, ctx, info, attr)
    if not found or found[0].node in ev.deriving:
        return None
    ev.deriving.add(found[0].node)
    try:
        return [evaluate(e) for e in found]
    finally:
        ev.deriving.discard(found[0].node)


def derived_field(
    ev: Evaluator, ctx: ModuleContext, info: ClassInfo, attr: str
) -> list[Expr] | None:
    """The expressions the nearest class assigning ``self.attr`` in a method that runs at
    construction assigns (in source order); None when no class does."""
    for klass, kctx in ev.mro(ctx, info):
        if attr not in klass.self_attrs:
            continue
        found: list[Expr] = []
        for item in klass.node.body.body:
            if isinstance(item, cst.FunctionDef) and _runs_at_construction(item):
                collector = _SelfStores(attr)
                item.body.visit(collector)
                found += [Expr(kctx, value) for value in collector.values]
        if found:
            return found
    return None


def _runs_at_construction(function: cst.FunctionDef) -> bool:
    if function.name.value in DERIVING:
        return True
    for decorator in function.decorators:
        expr = decorator.decorator
        expr = expr.func if isinstance(expr, cst.Call) else expr
        name = expr.attr.value if isinstance(expr, cst.Attribute) else None
        name = expr.value if isinstance(expr, cst.Name) else name
        if name in VALIDATORS:
            return True
    return False


class _SelfStores(cst.CSTVisitor):
    """``self.<attr> = value`` in one method body (not in functions nested in it)."""

    def __init__(self, attr: str) -> None:
        self.attr = attr
        self.values: list[cst.BaseExpression] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False

    def visit_Assign(self, node: cst.Assign) -> None:
        if any(self._is_target(t.target) for t in node.targets):
            self.values.append(node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None and self._is_target(node.target):
            self.values.append(node.value)

    def _is_target(self, target: cst.BaseExpression) -> bool:
        return (
            isinstance(target, cst.Attribute)
            and target.attr.value == self.attr
            and isinstance(target.value, cst.Name)
            and target.value.value == "self"
        )
