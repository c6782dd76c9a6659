"""Celery queue declarations and route targets, read as literals from configuration.

``task_queues`` (``CELERY_TASK_QUEUES``/``CELERY_QUEUES`` in Django settings) declares the
queues and how each is bound: ``Queue("ledger", Exchange("ledger", type="topic"),
routing_key="ledger.#")`` from kombu, or the older dict form ``{"ledger": {"exchange":
"ledger", "routing_key": "ledger.#"}}``. A route (a ``task_routes`` value or what a router
function returns) names its queue directly (``{"queue": "x"}`` or ``"x"``) or only an exchange
and routing key, which :mod:`scanner.celery_routing` resolves against those bindings.
Deliberately ignores queues declared without an explicit exchange (they only receive what
is routed to them by name) and ``Broadcast`` queues.
"""

from __future__ import annotations

import libcst as cst

from scanner.bindings import Expr
from scanner.celery_routing import definition, via_exchange
from scanner.detectors.base import arg
from scanner.evaluate import Evaluator
from scanner.modules import ModuleContext
from scanner.symbolic import value_of

QUEUES = frozenset({"kombu.Queue", "kombu.entity.Queue"})
EXCHANGES = frozenset({"kombu.Exchange", "kombu.entity.Exchange"})


def route_target(ev: Evaluator, ctx: ModuleContext, node: cst.BaseExpression) -> str | None:
    """Where a route sends a task: its queue, else its exchange and routing key."""
    if not isinstance(node, cst.Dict):
        return value_of(ev, ctx, node).text
    fields = _fields(ev, ctx, node)
    if "queue" in fields:
        return value_of(ev, ctx, fields["queue"]).text
    exchange = _text(ev, ctx, fields.get("exchange"))
    key = _text(ev, ctx, fields.get("routing_key")) or ""
    return via_exchange(exchange, key) if exchange else None


def queue_definitions(
    ev: Evaluator, ctx: ModuleContext, node: cst.BaseExpression
) -> list[tuple[str, str]]:
    """``task_queues`` as :func:`scanner.celery_routing.definition` entries."""
    if isinstance(node, cst.Name | cst.Attribute):
        bound = ev.resolve(ctx, node)
        if isinstance(bound, Expr):
            ctx, node = bound.ctx, bound.node
    found = []
    if isinstance(node, cst.Dict):
        for element in node.elements:
            if isinstance(element, cst.DictElement) and isinstance(element.value, cst.Dict):
                fields = _fields(ev, ctx, element.value)
                found.append(
                    _definition(
                        _text(ev, ctx, element.key),
                        _text(ev, ctx, fields.get("exchange")),
                        _text(ev, ctx, fields.get("routing_key")) or _text(ev, ctx, element.key),
                        _text(ev, ctx, fields.get("exchange_type")),
                    )
                )
    elif isinstance(node, cst.List | cst.Tuple | cst.Set):
        found = [_queue(ev, ctx, e.value) for e in node.elements]
    return [d for d in found if d is not None]


def _queue(ev: Evaluator, ctx: ModuleContext, node: cst.BaseExpression) -> tuple[str, str] | None:
    """``Queue(name, Exchange(name, type=...), routing_key=...)``."""
    if not (isinstance(node, cst.Call) and ctx.qualified_names(node.func) & QUEUES):
        return None
    exchange_node = arg(node, 1, "exchange")
    exchange = kind = None
    if isinstance(exchange_node, cst.Call) and ctx.qualified_names(exchange_node.func) & EXCHANGES:
        exchange = _text(ev, ctx, arg(exchange_node, 0, "name"))
        kind = _text(ev, ctx, arg(exchange_node, 1, "type"))
    elif exchange_node is not None:
        exchange = _text(ev, ctx, exchange_node)
    return _definition(
        _text(ev, ctx, arg(node, 0, "name")),
        exchange,
        _text(ev, ctx, arg(node, 2, "routing_key")),
        kind,
    )


def _definition(
    name: str | None, exchange: str | None, key: str | None, kind: str | None
) -> tuple[str, str] | None:
    if not name or exchange is None:
        return None
    return definition(name, exchange, key or "", kind or "direct")


def _fields(ev: Evaluator, ctx: ModuleContext, node: cst.Dict) -> dict[str, cst.BaseExpression]:
    found = {}
    for element in node.elements:
        if isinstance(element, cst.DictElement):
            key = value_of(ev, ctx, element.key).text
            if key:
                found[key] = element.value
    return found


def _text(ev: Evaluator, ctx: ModuleContext, node: cst.BaseExpression | None) -> str | None:
    return value_of(ev, ctx, node).text if node is not None else None
