"""Which AWS service a boto3 client, resource or resource object talks to.

Shared by the boto3 detectors of services other than S3: a receiver counts as a ``service``
client when the evaluator traces it to ``boto3.client("service")``, ``boto3.resource(
"service")`` or ``<session>.client/resource("service")``, or to a method call on such a
resource (``sqs.get_queue_by_name(...)``, ``dynamodb.Table(...)``), which is returned too so
the caller can read the name it was given.
"""

from __future__ import annotations

import libcst as cst

from scanner.detectors.base import Detector, arg, method_of
from scanner.modules import ModuleContext
from scanner.symbolic import value_of

FACTORIES = frozenset(
    {"boto3.client", "boto3.resource", "boto3.session.Session.client", "boto3.Session.client"}
    | {"boto3.session.Session.resource", "boto3.Session.resource"}
)


def service_of(det: Detector, receiver: cst.BaseExpression) -> str | None:
    """The service name of a client/resource ``receiver`` (``"sqs"``), else None."""
    found = det.ev.origin(det.ctx, receiver)
    return _factory_service(det, *found) if found is not None else None


def made_on(
    det: Detector, receiver: cst.BaseExpression
) -> tuple[str, str, ModuleContext, cst.Call] | None:
    """(service, method, ctx, call) when ``receiver`` was built by ``<resource>.method(...)``
    (``queue = sqs.get_queue_by_name(QueueName="orders")``)."""
    found = det.ev.origin(det.ctx, receiver)
    if found is None:
        return None
    ctx, call = found
    inner = method_of(call)
    if inner is None or inner[1] in ("client", "resource"):
        return None
    made = det.ev.origin(ctx, inner[0])
    service = _factory_service(det, *made) if made is not None else None
    return (service, inner[1], ctx, call) if service is not None else None


def _factory_service(det: Detector, ctx: ModuleContext, call: cst.Call) -> str | None:
    inner = method_of(call)
    is_factory = bool(ctx.qualified_names(call.func) & FACTORIES) or (
        inner is not None and inner[1] in ("client", "resource")
    )
    service = arg(call, 0, "service_name")
    if not is_factory or service is None:
        return None
    return value_of(det.ev, ctx, service).text
