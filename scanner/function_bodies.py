"""What a function's own code says about it, for :class:`~scanner.evaluate.Evaluator`: the
values it returns or yields, whether several returns name one object, and whether a
decorator makes it a property.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

if TYPE_CHECKING:
    from scanner.bindings import Expr
    from scanner.evaluate import Evaluator


def _same_object(ev: Evaluator, values: list[Expr]) -> bool:
    """Whether returned expressions are one name (or attribute of one, ``self._x``)
    bound to the same thing at each return. Looked up, not resolved: cheap, and no
    fan-out through the functions that name's value may call."""
    if len({v.ctx.code(v.node) for v in values}) != 1:
        return False
    bindings = []
    for value in values:
        head = value.node
        while isinstance(head, cst.Attribute):
            head = head.value
        if not isinstance(head, cst.Name):
            return False  # a call builds a new object at each return
        bindings.append(ev.lookup(value.ctx, head.value, head))
    return bindings[0] is not None and all(b == bindings[0] for b in bindings[1:])


class _Returns(cst.CSTVisitor):
    """``return``/``yield`` values of one function body, not of functions nested in it."""

    def __init__(self) -> None:
        self.returns: list[cst.BaseExpression] = []
        self.yields: list[cst.BaseExpression] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def visit_Return(self, node: cst.Return) -> None:
        if node.value is not None:
            self.returns.append(node.value)

    def visit_Yield(self, node: cst.Yield) -> None:
        if isinstance(node.value, cst.BaseExpression):
            self.yields.append(node.value)


def _is_none(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


def is_property(node: cst.FunctionDef) -> bool:
    """Decorated ``@property``, ``@cached_property`` or pydantic's ``@computed_field``."""
    names = set()
    for decorator in node.decorators:
        expr = decorator.decorator
        if isinstance(expr, cst.Name):
            names.add(expr.value)
        elif isinstance(expr, cst.Attribute):
            names.add(expr.attr.value)
    return bool(names & {"property", "cached_property", "computed_field"})
