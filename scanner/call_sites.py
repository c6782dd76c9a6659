"""What callers pass for a parameter, for :class:`~scanner.evaluate.Evaluator`: the
arguments at every call of its function (or, for ``__init__``, its class) in the same source
root, and the one object they all build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from scanner.bindings import Binding, ClassRef, Expr, FuncRef, Param

if TYPE_CHECKING:
    from scanner.evaluate import Evaluator


def _passed(ev: Evaluator, param: Param) -> Binding | None:
    """What every caller passes for ``param``, when they all pass the same thing."""
    found = [ev.resolve(site.ctx, site.node, 1) for site in call_site_args(ev, param)]
    calls = {
        (b.ctx.path, b.ctx.code(b.node)): b
        for b in found
        if isinstance(b, Expr) and isinstance(b.node, cst.Call)
    }
    return next(iter(calls.values())) if len(calls) == 1 and len(found) == len(calls) else None


def call_site_args(ev: Evaluator, param: Param) -> list[Expr]:
    """The arguments passed for ``param`` wherever its function (or, for ``__init__``,
    its class) is called in the same source root; its default when a call omits it."""
    func = param.info.node
    owner = param.info.owner
    is_init = func.name.value == "__init__" and owner is not None
    callee = owner.node.name.value if is_init and owner is not None else func.name.value
    positional = [p.name.value for p in func.params.params]
    if owner is not None and positional and positional[0] in ("self", "cls"):
        positional = positional[1:]
    name = param.node.name.value
    index = positional.index(name) if name in positional else None
    found: list[Expr] = []
    # a method is called through ``self`` in its own module; functions and classes are
    # searched for across the source root
    is_method = owner is not None and not is_init
    modules = [param.ctx] if is_method else ev.loader.related(param.ctx.path, rf"\b{callee}\s*\(")
    for other in modules:
        for call in other.index.calls.get(callee, []):
            target = ev.resolve(other, call.func, 1)
            same = isinstance(target, FuncRef) and target.info.node is func
            if isinstance(target, ClassRef) and owner is not None:
                same = is_init and target.info.node is owner.node
            if not same:
                continue
            given = _argument(call, index, name)
            if given is not None:
                found.append(Expr(other, given))
            elif param.node.default is not None:
                found.append(Expr(param.ctx, param.node.default))
    return found


def _argument(call: cst.Call, position: int | None, keyword: str) -> cst.BaseExpression | None:
    for a in call.args:
        if a.keyword is not None and a.keyword.value == keyword:
            return a.value
    positional = [a.value for a in call.args if a.keyword is None and a.star == ""]
    return positional[position] if position is not None and position < len(positional) else None
