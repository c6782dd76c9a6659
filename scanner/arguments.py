"""The arguments one call passes to a small project function, while its returned expression
is evaluated for that call.

A project wrapper around the environment (``def get_env(name, default): value =
os.getenv(name); return value or default``) means something different at each call site:
``get_env("KAFKA_BOOTSTRAP", "kafka:9092")`` is ``${KAFKA_BOOTSTRAP:-kafka:9092}``. Without
the call's own arguments the evaluator could only offer every caller's argument at once
(:meth:`scanner.evaluate.Evaluator.call_site_args`), which for a wrapper called from a dozen
places is nothing useful. The evaluator keeps a stack of :class:`Frame` (innermost last);
an argument is evaluated with the stack as it stood at its own call.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import libcst as cst

from scanner.bindings import Expr, FuncRef, Param
from scanner.modules import ModuleContext

MAX_FRAMES = 4  # deeper wrappers of wrappers fall back to every call site


@dataclass(frozen=True)
class Frame:
    """One call being evaluated: the function called and what each parameter is."""

    function: cst.FunctionDef
    given: dict[str, Expr]


def frame_of(ctx: ModuleContext, call: cst.Call, callee: FuncRef) -> Frame:
    """Parameters of ``callee`` bound to ``call``'s arguments (positional, keyword, then the
    parameter defaults); parameters a ``*args``/``**kwargs`` may fill stay unbound."""
    func = callee.info.node
    params = [*func.params.posonly_params, *func.params.params]
    if callee.info.owner is not None and params and not _static(func):
        params = params[1:]  # ``self`` / ``cls``
    given: dict[str, Expr] = {}
    for param, value in zip(params, _positional(call), strict=False):
        given[param.name.value] = Expr(ctx, value)
    for passed in call.args:
        if passed.keyword is not None:
            given[passed.keyword.value] = Expr(ctx, passed.value)
    splatted = any(a.star for a in call.args)
    for param in [*params, *func.params.kwonly_params]:
        name = param.name.value
        if name not in given and param.default is not None and not splatted:
            given[name] = Expr(callee.ctx, param.default)
    return Frame(func, given)


def _positional(call: cst.Call) -> list[cst.BaseExpression]:
    found = []
    for argument in call.args:
        if argument.star or argument.keyword is not None:
            break
        found.append(argument.value)
    return found


def _static(func: cst.FunctionDef) -> bool:
    return any(
        isinstance(d.decorator, cst.Name) and d.decorator.value == "staticmethod"
        for d in func.decorators
    )


def argument_of(frames: list[Frame], param: Param) -> tuple[int, Expr] | None:
    """What the innermost call of ``param``'s function passes for it, with the depth of the
    stack to evaluate it at."""
    for position in range(len(frames) - 1, -1, -1):
        frame = frames[position]
        if frame.function is param.info.node:
            found = frame.given.get(param.node.name.value)
            return (position, found) if found is not None else None
    return None


@contextmanager
def calling(frames: list[Frame], frame: Frame | None) -> Iterator[None]:
    """``frame`` pushed for the duration (nothing when None or the stack is full)."""
    if frame is None or len(frames) >= MAX_FRAMES:
        yield
        return
    frames.append(frame)
    try:
        yield
    finally:
        frames.pop()


@contextmanager
def unwound(frames: list[Frame], depth: int) -> Iterator[None]:
    """The stack cut back to ``depth`` frames for the duration (an argument is evaluated
    where its call stands), then restored."""
    kept = frames[depth:]
    del frames[depth:]
    try:
        yield
    finally:
        frames.extend(kept)
