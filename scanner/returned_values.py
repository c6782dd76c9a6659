"""What a called function gives back, as a symbolic value, and distinct values made one.

Part of :mod:`scanner.symbolic`, whose :func:`~scanner.symbolic.value_of` is imported where
it is called (it dispatches to this module).
"""

from __future__ import annotations

from scanner.arguments import Frame, calling
from scanner.bindings import FuncRef
from scanner.evaluate import MAX_DEPTH, Evaluator
from scanner.values import Choice, Value

MAX_CHOICES = 8  # callers passing more distinct values than this: the value is unknown


def returned_value(ev: Evaluator, callee: FuncRef, frame: Frame | None, depth: int) -> Value | None:
    """What a function (called with ``frame``'s arguments) returns: its one returned value,
    or a choice of several (a guard's ``return "sqlite://"`` before the real one, a config
    factory's branches); None when it returns nothing to follow, more than
    :data:`MAX_CHOICES` values, or only unknown ones."""
    from scanner.symbolic import value_of

    returns = ev.returns(callee)
    if not returns or len(returns) > MAX_CHOICES:
        return None
    if len(returns) > 1 and depth >= MAX_DEPTH // 2:
        return None  # choices of choices: bounded as for parameters
    values: dict[str, Value] = {}
    with calling(ev.frames, frame):
        for returned in returns:
            value = value_of(ev, returned.ctx, returned.node, depth + 1)
            values.setdefault(value.render(), value)
    if len(returns) > 1 and all(v.is_unknown for v in values.values()):
        return None
    return choice_of(values)


def choice_of(values: dict[str, Value]) -> Value:
    """Distinct values (by rendering) as one value: the one, else a choice; a ``None``
    among others is no address (``url = None`` then ``if ...: url = ...``). An option that
    holds a choice itself is expanded into its own options: assembly expands one level."""
    if len(values) > 1:
        values.pop("{None}", None)
    if len(values) == 1:
        return next(iter(values.values()))
    options: dict[str, Value] = {}
    for value in values.values():
        nested = any(isinstance(p, Choice) for p in value.parts)
        for option in value.expand() if nested else [value]:
            options.setdefault(option.render(), option)
    return Value((Choice(tuple(options.values())),))
