"""``Color.RED.value`` and ``Color.RED.name`` for ``enum.Enum`` classes of the repository.

Services keep exchange, queue and topic names in an enum (``class Exchange(Enum): ORDERS =
"orders"``) and pass ``Exchange.ORDERS.value``. The member itself is already its class-body
expression to the evaluator (what a ``str``/``int`` mixin or ``StrEnum`` member used as a
string is); ``.value`` is that same expression and ``.name`` the member's name. Looked at
only for an attribute spelled ``value`` or ``name`` of ``<class>.<MEMBER>`` (or of a name
bound to one), so other code costs one ``isinstance``. An ``auto()`` member's value is a
call the evaluator leaves unknown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from scanner.bindings import ClassRef, Expr

if TYPE_CHECKING:
    from scanner.evaluate import Evaluator
    from scanner.modules import ModuleContext

ENUM_ATTRS = frozenset({"value", "name"})
ENUM_BASES = frozenset(
    {f"enum.{n}" for n in ("Enum", "IntEnum", "StrEnum", "Flag", "IntFlag", "ReprEnum")}
)


def enum_attribute(
    ev: Evaluator, ctx: ModuleContext, node: cst.Attribute, depth: int
) -> Expr | None:
    """``<Enum>.<MEMBER>.value`` / ``.name``: the member's expression / its name as a
    string literal; None when ``node`` is not that."""
    member = _member_expression(ev, ctx, node.value, depth)
    if member is None:
        return None
    mctx, access = member
    owner = ev.resolve(mctx, access.value, depth + 1)
    name = access.attr.value
    if not isinstance(owner, ClassRef) or not is_enum(ev, owner):
        return None
    value = owner.info.body.get(name)
    if value is None:
        return None
    if node.attr.value == "name":
        return Expr(mctx, cst.SimpleString(repr(name)))  # not in the module: only its text
    return Expr(owner.ctx, value)


def _member_expression(
    ev: Evaluator, ctx: ModuleContext, node: cst.BaseExpression, depth: int
) -> tuple[ModuleContext, cst.Attribute] | None:
    """``Exchange.ORDERS`` as written, or as a local or module name is bound to it."""
    for _ in range(3):
        if isinstance(node, cst.Attribute):
            return ctx, node
        if not isinstance(node, cst.Name):
            return None
        bound = ev.lookup(ctx, node.value, node, depth + 1)
        if not isinstance(bound, Expr):
            return None
        ctx, node = bound.ctx, bound.node
    return None


def is_enum(ev: Evaluator, owner: ClassRef) -> bool:
    """Whether the class derives from ``enum.Enum`` (directly, through a mixin such as
    ``(str, Enum)``, or through a base class of the repository)."""
    return any(
        kctx.qualified_names(base) & ENUM_BASES
        for klass, kctx in ev.mro(owner.ctx, owner.info)
        for base in klass.bases
    )
