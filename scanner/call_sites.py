"""What callers pass for a parameter, for :class:`~scanner.evaluate.Evaluator`: the
arguments at every call of its function (or, for ``__init__``, its class) in the same source
root, and the one object they all build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from scanner.bindings import Binding, ClassRef, Expr, FuncRef, Instance, Param
from scanner.runner_calls import RUNNERS, handed_argument, handed_function, runner_pattern

if TYPE_CHECKING:
    from scanner.evaluate import Evaluator
    from scanner.modules import ModuleContext


MAX_HANDOFFS = 3  # a client handed down through this many parameters is still followed


def _passed(ev: Evaluator, param: Param, depth: int = 0) -> Binding | None:
    """The one object every caller passes for ``param``, when they all pass the same call's
    result. A caller passing on its own parameter (a FastAPI ``Depends`` client, or one its
    own callers pass) passes what that parameter holds."""
    found: list[Binding | None] = []
    for site in call_site_args(ev, param):
        held = ev.resolve(site.ctx, site.node, 1)
        if isinstance(held, Param) and held.node is not param.node and depth < MAX_HANDOFFS:
            held = ev.injected(held) or _passed(ev, held, depth + 1)
        if isinstance(held, Instance) and held.site is not None:
            held = held.site  # a repository class's instance: the call that built it
        found.append(held)
    calls = {
        (b.ctx.path, b.ctx.code(b.node)): b
        for b in found
        if isinstance(b, Expr) and isinstance(b.node, cst.Call)
    }
    every = sum(isinstance(b, Expr) and isinstance(b.node, cst.Call) for b in found)
    return next(iter(calls.values())) if len(calls) == 1 and every == len(found) else None


def call_site_args(ev: Evaluator, param: Param) -> list[Expr]:
    """The arguments passed for ``param`` wherever its function (or, for ``__init__``,
    its class) is called in the same source root, directly or handed to a runner
    (:mod:`scanner.runner_calls`); its default when a call omits it."""
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
            if same:
                found += _given(param, other, _argument(call, index, name))
    if is_init:
        return found
    handing = (
        [param.ctx] if is_method else ev.loader.related(param.ctx.path, runner_pattern(callee))
    )
    for other in handing:
        for runners in RUNNERS:
            for call in other.index.calls.get(runners, []):
                handed = handed_function(ev, other, call)
                if handed is None or handed[1] is None or handed[1].info.node is not func:
                    continue
                passed = handed_argument(ev, other, call, handed[0], index, name)
                found += _given(param, other, passed)
    return found


def _given(param: Param, ctx: ModuleContext, passed: cst.BaseExpression | None) -> list[Expr]:
    """What one call gives ``param``: its argument, else the parameter's default."""
    if passed is not None:
        return [Expr(ctx, passed)]
    return [Expr(param.ctx, param.node.default)] if param.node.default is not None else []


def _argument(call: cst.Call, position: int | None, keyword: str) -> cst.BaseExpression | None:
    for a in call.args:
        if a.keyword is not None and a.keyword.value == keyword:
            return a.value
    positional = [a.value for a in call.args if a.keyword is None and a.star == ""]
    return positional[position] if position is not None and position < len(positional) else None
