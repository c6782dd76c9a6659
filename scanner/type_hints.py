"""What annotations say, for :class:`~scanner.evaluate.Evaluator`: a type alias replaced
by what it names, the qualified names of an annotated type (through ``Annotated``,
``Optional``, ``Union`` and ``|``), and FastAPI ``Depends`` in a parameter's annotation or
default.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from scanner.bindings import Expr, Instance, Param

if TYPE_CHECKING:
    from scanner.evaluate import Evaluator
    from scanner.modules import ModuleContext

ANNOTATED = frozenset({"typing.Annotated", "typing_extensions.Annotated"})
OPTIONAL = frozenset({"typing.Optional", "typing.Union"})
DEPENDS = frozenset({"fastapi.Depends", "fastapi.params.Depends"})


def _depends(ev: Evaluator, param: Param) -> list[tuple[ModuleContext, cst.Call]]:
    ctx, found = param.ctx, []
    default = param.node.default
    if isinstance(default, cst.Call) and ctx.qualified_names(default.func) & DEPENDS:
        found.append((ctx, default))
    annotation = param.node.annotation.annotation if param.node.annotation else None
    for actx, ann in unalias(ev, ctx, annotation):
        if isinstance(ann, cst.Subscript) and actx.qualified_names(ann.value) & ANNOTATED:
            for element in ann.slice[1:]:
                item = element.slice.value if isinstance(element.slice, cst.Index) else None
                if isinstance(item, cst.Call) and actx.qualified_names(item.func) & DEPENDS:
                    found.append((actx, item))
    return found


def unalias(
    ev: Evaluator, ctx: ModuleContext, ann: cst.BaseExpression | None
) -> list[tuple[ModuleContext, cst.BaseExpression]]:
    """A type alias (``CatalogHttp = Annotated[...]``) replaced by what it names."""
    if isinstance(ann, cst.Name):
        bound = ev.module_name(ctx, ann.value)
        aliased = cst.Subscript | cst.Name | cst.Attribute | cst.BinaryOperation
        if isinstance(bound, Expr) and isinstance(bound.node, aliased):
            return [(bound.ctx, bound.node)]
    return [(ctx, ann)] if ann is not None else []


def type_names(ev: Evaluator, ctx: ModuleContext, node: cst.BaseExpression) -> frozenset[str]:
    """Qualified names of the type annotated on a parameter, annotated local or
    annotated class attribute (``http: httpx.Client``), when no constructor is known."""
    found = ev.resolve(ctx, node)
    annotation: tuple[ModuleContext, cst.BaseExpression] | None = None
    if isinstance(found, Param) and found.node.annotation is not None:
        annotation = (found.ctx, found.node.annotation.annotation)
    elif isinstance(found, Expr) and found.node in found.ctx.index.annotations:
        annotation = (found.ctx, found.ctx.index.annotations[found.node].annotation)
    elif isinstance(node, cst.Attribute):
        owner = ev.resolve(ctx, node.value)
        if isinstance(owner, Instance) and node.attr.value in owner.info.annotated:
            annotation = (owner.ctx, owner.info.annotated[node.attr.value].annotation)
    if isinstance(found, Instance):  # ``class Api(requests.Session)``: its own bases
        return frozenset().union(
            *(
                kctx.qualified_names(b)
                for klass, kctx in ev.mro(found.ctx, found.info)
                for b in klass.bases
            )
        )
    return _type_names(ev, *annotation, 0) if annotation else frozenset()


def _type_names(
    ev: Evaluator, ctx: ModuleContext, ann: cst.BaseExpression, depth: int
) -> frozenset[str]:
    if depth > 4:
        return frozenset()
    if isinstance(ann, cst.BinaryOperation) and isinstance(ann.operator, cst.BitOr):
        left = _type_names(ev, ctx, ann.left, depth + 1)
        return left | _type_names(ev, ctx, ann.right, depth + 1)
    if isinstance(ann, cst.Subscript):
        head = ctx.qualified_names(ann.value)
        items = [e.slice.value for e in ann.slice if isinstance(e.slice, cst.Index)]
        if head & ANNOTATED and items:
            return _type_names(ev, ctx, items[0], depth + 1)
        if head & OPTIONAL:
            return frozenset().union(*(_type_names(ev, ctx, i, depth + 1) for i in items))
        return frozenset()
    for actx, target in unalias(ev, ctx, ann):
        if target is not ann:
            return _type_names(ev, actx, target, depth + 1)
    return ctx.qualified_names(ann)
