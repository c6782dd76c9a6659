"""Names and attributes as symbolic values: the assignments that reach a read, what a call
passes for a parameter (else every caller), members of classes, instances and settings
objects, and an attribute of each of several classes a factory or a dict may give.

Part of :mod:`scanner.symbolic`, whose :func:`~scanner.symbolic.value_of` is imported where
it is called (it dispatches to this module).
"""

from __future__ import annotations

import libcst as cst

from scanner.arguments import argument_of, unwound
from scanner.assigned import (
    bound_to,
    class_body_value,
    module_end_candidates,
    name_candidates,
    scope_at,
)
from scanner.bindings import Binding, ClassRef, Expr, FuncRef, Instance, ModuleRef, Param
from scanner.dict_items import _subscript_items
from scanner.evaluate import MAX_DEPTH, Evaluator
from scanner.flow import Candidate
from scanner.function_bodies import is_property
from scanner.index import FunctionInfo
from scanner.injected_settings import param_object, passed_object
from scanner.modules import ModuleContext
from scanner.returned_values import MAX_CHOICES, choice_of, returned_value
from scanner.settings_values import DJANGO_SETTINGS, settings_field
from scanner.values import Choice, Value


def _named(ev: Evaluator, ctx: ModuleContext, node: cst.Name | cst.Attribute, depth: int) -> Value:
    from scanner.symbolic import value_of

    in_class = isinstance(node, cst.Name) and class_body_value(ctx, node) is not None
    if isinstance(node, cst.Name) and not in_class and (near := name_candidates(ctx.index, node)):
        return _assigned(ev, ctx, node, near, scope_at(ctx.index, node), depth)
    if isinstance(node, cst.Attribute) and ctx.qualified_names(node.value) & DJANGO_SETTINGS:
        settings = ev.django_setting(ctx, node.attr.value)
        if settings:
            values = (value_of(ev, s.ctx, s.node, depth + 1) for s in settings)
            return choice_of({v.render(): v for v in values})
    if isinstance(node, cst.Attribute):
        owner = ev.resolve(ctx, node.value, depth + 1)
        if isinstance(owner, Param) and depth < MAX_DEPTH // 2:  # ``settings.redis_url``
            held = param_object(ev, owner, depth) or passed_object(ev, owner, depth)
            value = _member_value(ev, held, node.attr.value, depth) if held else None
            if value is not None and not value.is_unknown:
                return value
        if isinstance(owner, Instance | ClassRef) and ev.is_settings(owner.ctx, owner.info):
            field = settings_field(ev, owner.ctx, owner.info, node.attr.value, depth)
            if field is not None:
                return field
        if isinstance(owner, Expr) and isinstance(owner.node, cst.Call | cst.Subscript):
            chosen = _on_each(ev, owner, node.attr.value, depth)
            if chosen is not None:
                return chosen
    bound = _bound_to(ev, ctx, node, depth)
    if isinstance(bound, Expr) and isinstance(bound.node, cst.Call):  # with its own arguments
        return value_of(ev, bound.ctx, bound.node, depth + 1)
    if isinstance(bound, Expr) and isinstance(bound.node, cst.IfExp):  # both branches, not
        return value_of(ev, bound.ctx, bound.node, depth + 1)  # the one an object takes
    found = ev.resolve(ctx, node, depth + 1)
    if isinstance(found, Expr) and found.node is not node:
        ended = _module_end(ctx, node, found)
        if ended:
            return _assigned(ev, found.ctx, node, ended, None, depth)  # module level
        return value_of(ev, found.ctx, found.node, depth + 1)
    if isinstance(found, Param):
        return _parameter(ev, ctx, node, found, depth)
    if isinstance(found, FuncRef) and isinstance(node, cst.Attribute):
        computed = returned_value(ev, found, None, depth) if is_property(found.info.node) else None
        if computed is not None:  # a property with several returns: not one object
            return computed
    return Value.unknown(ctx.code(node))


def _on_each(ev: Evaluator, owner: Expr, attr: str, depth: int) -> Value | None:
    """``get_config().HOST`` where ``get_config`` returns one of several classes (or
    instances), or ``configs[env].HOST`` over a dict literal of them: the attribute of
    each, one value when they agree, else a choice."""
    each: list[Expr] = []
    if depth >= MAX_DEPTH // 2:
        return None
    if isinstance(owner.node, cst.Call):  # one return: the evaluator already follows it
        each = ev.returns(ev.resolve(owner.ctx, owner.node.func, depth + 1))
        each = each if len(each) > 1 else []
    elif isinstance(owner.node, cst.Subscript):
        each = _subscript_items(ev, owner.ctx, owner.node, depth + 1) or []
    if not each or len(each) > MAX_CHOICES:
        return None
    values: dict[str, Value] = {}
    for one in each:
        found = ev.resolve(one.ctx, one.node, depth + 1)
        value = _member_value(ev, found, attr, depth) if found is not None else None
        if value is None:
            return None
        values.setdefault(value.render(), value)
    if all(v.is_unknown for v in values.values()):
        return None
    return choice_of(values)


def _member_value(ev: Evaluator, owner: Binding, attr: str, depth: int) -> Value | None:
    """``owner.attr`` for a class or an instance the evaluator found; None otherwise."""
    from scanner.symbolic import value_of

    if not isinstance(owner, Instance | ClassRef):
        return None
    if ev.is_settings(owner.ctx, owner.info):
        return settings_field(ev, owner.ctx, owner.info, attr, depth)
    found = ev.member(owner, attr, depth + 1)
    if isinstance(found, Expr):
        return value_of(ev, found.ctx, found.node, depth + 1)
    if isinstance(found, FuncRef) and is_property(found.info.node):
        return returned_value(ev, found, None, depth)
    return None


def _module_end(
    ctx: ModuleContext, node: cst.Name | cst.Attribute, found: Expr
) -> tuple[Candidate, ...]:
    """The assignments of a module-level name that may hold once its module has run, when
    the read sees the module after that (from another module, or inside a function) and
    the module assigns the name more than once (``HOST = getenv(...)`` then ``if not
    HOST: HOST = "localhost"``); empty when the last assignment is the answer."""
    if found.ctx is ctx and scope_at(ctx.index, node) is None:
        return ()  # a read at module level sees the assignments above it (own scope)
    index = found.ctx.index
    name = node.attr.value if isinstance(node, cst.Attribute) else node.value
    if index.assigns.get(name) is not found.node:
        return ()
    ended = module_end_candidates(index, name)
    return ended if len(ended) > 1 else ()


def _parameter(
    ev: Evaluator, ctx: ModuleContext, node: cst.BaseExpression, found: Param, depth: int
) -> Value:
    """What this call passes for a parameter, else what every caller passes (a choice)."""
    from scanner.symbolic import value_of

    given = argument_of(ev.frames, found)
    if given is not None:
        with unwound(ev.frames, given[0]):
            return value_of(ev, given[1].ctx, given[1].node, depth + 1)
    if depth < MAX_DEPTH // 2:
        values = {}
        for site in ev.call_site_args(found):
            value = value_of(ev, site.ctx, site.node, depth + 2)
            values[value.render()] = value
        if len(values) == 1:
            return next(iter(values.values()))
        if 1 < len(values) <= MAX_CHOICES:
            return Value((Choice(tuple(values[k] for k in sorted(values))),))
    return Value.unknown(ctx.code(node))


def _assigned(
    ev: Evaluator,
    ctx: ModuleContext,
    node: cst.Name | cst.Attribute | cst.Subscript,
    found: tuple[Candidate, ...],
    scope: FunctionInfo | None,
    depth: int,
) -> Value:
    """A name or item reassigned in ``scope`` (None: the module's top level): the
    assignments that reach this read (see :mod:`scanner.flow`), one value, or a choice when
    branches leave several."""
    from scanner.symbolic import value_of

    values: dict[str, Value] = {}
    for candidate in found[-MAX_CHOICES:]:
        binding = bound_to(ctx, scope, candidate)
        if isinstance(candidate, cst.AugAssign) and isinstance(candidate.operator, cst.AddAssign):
            before = value_of(ev, ctx, candidate.target, depth + 1)  # ``url += "/x"``
            value = before + value_of(ev, ctx, candidate.value, depth + 1)
        elif isinstance(binding, Param):
            value = _parameter(ev, ctx, node, binding, depth + 1)
        elif isinstance(binding, Expr):
            value = value_of(ev, ctx, binding.node, depth + 1)
        else:
            value = Value.unknown(ctx.code(node))
        values.setdefault(value.render(), value)
    return choice_of(values)


def _bound_to(
    ev: Evaluator, ctx: ModuleContext, node: cst.Name | cst.Attribute, depth: int
) -> Binding | None:
    """The expression a name (or a module's attribute) is assigned, not followed further:
    ``TOPIC = get_env("TOPIC", "orders")`` is evaluated as that call, with its arguments,
    rather than as whatever ``get_env`` returns for every caller."""
    if isinstance(node, cst.Name):
        return ev.lookup(ctx, node.value, node, depth + 1)
    owner = ev.resolve(ctx, node.value, depth + 1)
    return (
        ev.module_name(owner.ctx, node.attr.value, depth + 1)
        if isinstance(owner, ModuleRef)
        else None
    )
