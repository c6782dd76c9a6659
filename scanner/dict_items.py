"""Items of dict literals as symbolic values: ``CONFIG["db"]["url"]``, ``SERVICES.get(name,
default)``, and, with a key known only at run time, a choice of every value.

Part of :mod:`scanner.symbolic`, whose :func:`~scanner.symbolic.value_of` is imported where
it is called (it dispatches to this module).
"""

from __future__ import annotations

import libcst as cst

from scanner.bindings import Expr
from scanner.evaluate import MAX_DEPTH, Evaluator
from scanner.modules import ModuleContext
from scanner.returned_values import MAX_CHOICES, choice_of
from scanner.values import Value


def _items_value(ev: Evaluator, items: list[Expr], depth: int) -> Value | None:
    """The value of one item, or the choice of several when every one is known."""
    from scanner.symbolic import value_of

    values: dict[str, Value] = {}
    for item in items:
        value = value_of(ev, item.ctx, item.node, depth + 1)
        values.setdefault(value.render(), value)
    if len(items) > 1 and any(v.is_unknown for v in values.values()):
        return None
    return choice_of(values)


def _subscript_items(
    ev: Evaluator, ctx: ModuleContext, node: cst.Subscript, depth: int
) -> list[Expr] | None:
    """``CONFIG["db"]["url"]``: see :func:`_dict_items`."""
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return None
    return _dict_items(ev, ctx, node.value, node.slice[0].slice.value, depth)


def _dict_get(ev: Evaluator, ctx: ModuleContext, node: cst.Call, depth: int) -> Value | None:
    """``SERVICES.get(name)`` / ``.get(name, default)`` on a dict literal: as an item, the
    default standing for a missing key (and, with a run-time key, one more choice)."""
    from scanner.symbolic import value_of

    func, args = node.func, [a.value for a in node.args]
    if not isinstance(func, cst.Attribute) or not 1 <= len(args) <= 2:
        return None
    if any(a.keyword is not None or a.star for a in node.args):
        return None
    found = _dict_items(ev, ctx, func.value, args[0], depth)
    if found is None:
        return None
    default = args[1] if len(args) > 1 and not _is_none(args[1]) else None
    known = value_of(ev, ctx, args[0], depth + 1).text is not None
    if default is not None and (not found or not known):
        found = [*found, Expr(ctx, default)]
    return _items_value(ev, found, depth) if found else None


def _is_none(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


def _dict_items(
    ev: Evaluator,
    ctx: ModuleContext,
    container: cst.BaseExpression,
    key_node: cst.BaseExpression,
    depth: int,
) -> list[Expr] | None:
    """``CONFIG["db"]["url"]`` read from the dict literals ``CONFIG`` is bound to (None when
    it is bound to none, empty when none has the key). A key known only at run time
    (``SERVICES[name]``, a gateway's registry) gives every value of the literal: at most
    :data:`MAX_CHOICES`, else None."""
    from scanner.symbolic import value_of

    if depth > MAX_DEPTH:
        return None
    dicts = _dicts(ev, ctx, container, depth + 1)
    if not dicts:
        return None
    key = value_of(ev, ctx, key_node, depth + 1).text
    found: list[Expr] = []
    for target in dicts:
        assert isinstance(target.node, cst.Dict)
        keyed = [e for e in target.node.elements if isinstance(e, cst.DictElement)]
        if key is None and len(keyed) < len(target.node.elements):
            return None  # ``{**defaults, ...}``: not every value is in sight
        for element in keyed:
            if key is None or value_of(ev, target.ctx, element.key, depth + 1).text == key:
                found.append(Expr(target.ctx, element.value))
                if key is not None:
                    break  # the first matching key, as before (later duplicates ignored)
        if len(found) > MAX_CHOICES:
            return None
    return found


def _dicts(
    ev: Evaluator, ctx: ModuleContext, node: cst.BaseExpression, depth: int
) -> list[Expr] | None:
    """The dict literals ``node`` may stand for: one it is bound to, or, for an item of a
    dict (``ROUTES[name]``), every dict literal the item may be."""
    if isinstance(node, cst.Dict):
        return [Expr(ctx, node)]
    if isinstance(node, cst.Subscript):
        items = _subscript_items(ev, ctx, node, depth + 1)
        if items:
            found: list[Expr] = []
            for item in items:
                inner = _dicts(ev, item.ctx, item.node, depth + 1)
                if inner is None:
                    return None
                found += inner
            return found
    bound = ev.resolve(ctx, node, depth + 1)
    if not isinstance(bound, Expr) or bound.node is node or depth > MAX_DEPTH:
        return None
    if isinstance(bound.node, cst.Dict | cst.Subscript):
        return _dicts(ev, bound.ctx, bound.node, depth + 1)
    return None
