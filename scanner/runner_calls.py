"""Calls that hand a function and its arguments to a runner, which calls it later:
``background_tasks.add_task(send, "orders", body)``, ``threading.Thread(target=send,
args=("orders", body))``, ``loop.run_in_executor(None, send, "orders")``,
``executor.submit(send, "orders")``, ``asyncio.to_thread(send, "orders")``,
``functools.partial(send, "orders")``.

For :mod:`scanner.call_sites`, such a call is a call of ``send``: each argument is bound to
``send``'s parameters exactly as a direct call would bind it. Runners are known by the
last name of the call (the receiver, ``background_tasks`` or ``executor``, is rarely
traceable), so a repository function or class of that name is not taken for one. An
argument the runner's call does not spell out (``args=some_tuple`` that is no literal, a
``*args`` before it) is given as an expression that evaluates to unknown, never skipped:
the other callers must not decide the value alone. Nor does ``partial`` give a parameter
its default: what it leaves out is given when its result is called.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from scanner.bindings import ClassRef, Expr, FuncRef

if TYPE_CHECKING:
    from scanner.evaluate import Evaluator
    from scanner.modules import ModuleContext


@dataclass(frozen=True)
class Runner:
    """Where a runner's call holds the function and the arguments it passes to it."""

    func_at: int  # position of the function
    func_keyword: str  # the keyword naming it
    spread: bool  # positional arguments after the function are its own
    keywords: bool  # the runner's other keyword arguments are its own
    args: tuple[int, str] | None = None  # (position, keyword) of a tuple of its arguments
    kwargs: tuple[int, str] | None = None  # the same for a dict of its keyword arguments
    later: bool = False  # the rest is given when the result is called (not the defaults)


_SPREAD = Runner(0, "func", spread=True, keywords=True)
_THREAD = Runner(1, "target", spread=False, keywords=False, args=(3, "args"), kwargs=(4, "kwargs"))
RUNNERS = {
    "add_task": _SPREAD,  # FastAPI/Starlette ``BackgroundTasks``
    "submit": Runner(0, "fn", spread=True, keywords=True),  # concurrent.futures
    "to_thread": _SPREAD,  # asyncio
    "run_in_threadpool": _SPREAD,  # starlette.concurrency
    "partial": Runner(0, "func", spread=True, keywords=True, later=True),  # functools
    "run_in_executor": Runner(1, "func", spread=True, keywords=False),  # asyncio loop
    "run_sync": Runner(0, "func", spread=True, keywords=False),  # anyio.to_thread
    "Thread": _THREAD,
    "Process": _THREAD,  # multiprocessing
    "Timer": Runner(1, "function", False, False, args=(2, "args"), kwargs=(3, "kwargs")),
}
# a source-text search for modules that may hand ``name`` to a runner (nested parentheses
# one level deep, as in ``Thread(args=(1,), target=name)``)
_RUNNER_NAMES = "|".join(RUNNERS)


def runner_pattern(name: str) -> str:
    return rf"\b(?:{_RUNNER_NAMES})\s*\((?:[^()]|\([^()]*\))*?\b{name}\b"


def handed_function(
    ev: Evaluator, ctx: ModuleContext, call: cst.Call
) -> tuple[Runner, FuncRef | None] | None:
    """The runner a call is and the repository function it hands over (None when that is
    not one the index can tell); None when the call is no runner's."""
    func = call.func
    name = func.attr.value if isinstance(func, cst.Attribute) else None
    name = func.value if isinstance(func, cst.Name) else name
    runner = RUNNERS.get(name or "")
    if runner is None or isinstance(ev.resolve(ctx, func, 1), FuncRef | ClassRef):
        return None  # a repository's own ``submit``: its parameters mean something else
    given = _at(call, runner.func_at, runner.func_keyword)
    target = ev.resolve(ctx, given, 1) if given is not None else None
    return runner, target if isinstance(target, FuncRef) else None


def handed_argument(
    ev: Evaluator,
    ctx: ModuleContext,
    call: cst.Call,
    runner: Runner,
    position: int | None,
    keyword: str,
) -> cst.BaseExpression | None:
    """What the runner passes for the parameter at ``position`` (among the positional ones
    after ``self``) named ``keyword``; None when it passes nothing for it."""
    if runner.keywords:
        for a in call.args:
            if a.keyword is not None and a.keyword.value == keyword:
                return a.value
    kwargs = _container(ev, ctx, call, runner.kwargs)
    if isinstance(kwargs, cst.Dict):
        for element in kwargs.elements:
            if not isinstance(element, cst.DictElement):
                return _unknown(kwargs, keyword)  # ``{**other}``: may hold it
            key = element.key
            if isinstance(key, cst.SimpleString) and key.evaluated_value == keyword:
                return element.value
    elif kwargs is not None:
        return _unknown(kwargs, keyword)
    if runner.spread:
        passed = [a for a in call.args if a.keyword is None][runner.func_at + 1 :]
        elements = [(a.value, a.star != "") for a in passed]
    else:
        args = _container(ev, ctx, call, runner.args)
        if args is not None and not isinstance(args, cst.Tuple | cst.List):
            return _unknown(args, position) if position is not None else None
        items = args.elements if isinstance(args, cst.Tuple | cst.List) else ()
        elements = [(e.value, isinstance(e, cst.StarredElement)) for e in items]
    for index, (value, starred) in enumerate(elements):
        if starred:  # ``*args``: from here on the positions are unknown
            return _unknown(value, position) if position is not None else None
        if index == position:
            return value
    return _unknown(call, keyword) if runner.later else None


def _container(
    ev: Evaluator, ctx: ModuleContext, call: cst.Call, where: tuple[int, str] | None
) -> cst.BaseExpression | None:
    """The tuple or dict of arguments a runner is given (a name is followed to the literal
    it is bound to, when it is one)."""
    given = _at(call, *where) if where is not None else None
    if isinstance(given, cst.Name):
        bound = ev.resolve(ctx, given, 1)
        if isinstance(bound, Expr) and isinstance(bound.node, cst.Tuple | cst.List | cst.Dict):
            return bound.node if bound.ctx is ctx else given
    if isinstance(given, cst.Name) and given.value == "None":
        return None
    return given


def _at(call: cst.Call, position: int, keyword: str) -> cst.BaseExpression | None:
    for a in call.args:
        if a.keyword is not None and a.keyword.value == keyword:
            return a.value
    positional = [a for a in call.args if a.keyword is None]
    if any(a.star for a in positional[: position + 1]):
        return None
    return positional[position].value if position < len(positional) else None


def _unknown(container: cst.BaseExpression, key: int | str) -> cst.BaseExpression:
    """``container[key]``: what Python would pass, spelled so that it evaluates to unknown
    (the container's own node is kept, so its name is looked up where it stands)."""
    index = cst.Integer(str(key)) if isinstance(key, int) else cst.SimpleString(repr(key))
    return cst.Subscript(container, [cst.SubscriptElement(cst.Index(index))])
