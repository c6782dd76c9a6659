"""nameko services: RPC methods served and called, events dispatched and handled.

Recognises, server side: a service class (a class attribute ``name = "orders"``) with
``@rpc`` methods (an app; its routes are ``rpc orders.<method>``), ``@event_handler("payments",
"paid")`` methods (consuming the queue node ``payments.paid``) and ``@http("GET", "/x")``
methods (HTTP routes). Client side: methods called on ``RpcProxy("orders")`` /
``ServiceRpc("orders")`` dependencies and ``ServiceRpcProxy("orders", config)`` /
``ServiceRpcClient`` standalone proxies (also ``.call_async``), and ``proxy.orders.<method>``
on ``ClusterRpcProxy(config)`` / ``ClusterRpcClient``: an rpc call to the service named
``orders``; calling an ``EventDispatcher()`` dependency, ``self.dispatch("created", data)``,
inside service ``orders`` publishes to the queue node ``orders.created``; a service with
entrypoints connects to the broker its nameko config names (``AMQP_URI``). Deliberately
ignores: proxies of unknown origin (an unannotated parameter), dispatches outside a named
service class, service names that are not constants, and ``nameko.timer`` entrypoints.
"""

from __future__ import annotations

import libcst as cst

from scanner.config.nameko import config_variable
from scanner.detectors.base import Detector, arg, method_of
from scanner.findings import (
    AppDefinition,
    BrokerConnection,
    Messaging,
    RouteDefinition,
    RpcCall,
    RpcServer,
)
from scanner.values import Value

RPC = frozenset({"nameko.rpc.rpc"})
EVENT_HANDLERS = frozenset({"nameko.events.event_handler"})
HTTP = frozenset({"nameko.web.handlers.http"})
DISPATCHERS = frozenset({"nameko.events.EventDispatcher"})
SERVICE_PROXIES = frozenset(
    {
        "nameko.rpc.RpcProxy",
        "nameko.rpc.ServiceRpc",
        "nameko.standalone.rpc.ServiceRpcProxy",
        "nameko.standalone.rpc.ServiceRpcClient",
    }
)
CLUSTER_PROXIES = frozenset(
    {"nameko.standalone.rpc.ClusterRpcProxy", "nameko.standalone.rpc.ClusterRpcClient"}
)


class NamekoRpc(Detector):
    name = "nameko"
    modules = frozenset({"nameko"})

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._services: list[str | None] = []  # nameko names of the enclosing classes

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        service = service_name(self, node)
        self._services.append(service)
        if service is None:
            return
        body = node.body.body
        methods = tuple(
            sorted(
                item.name.value
                for item in body
                if isinstance(item, cst.FunctionDef) and self._decorated(item, RPC)
            )
        )
        entrypoints = RPC | EVENT_HANDLERS | HTTP
        if any(isinstance(i, cst.FunctionDef) and self._decorated(i, entrypoints) for i in body):
            self.findings.append(AppDefinition(self.ctx.path, self.line(node), "nameko"))
            broker = Value.env(config_variable(["AMQP_URI"]))  # the service's nameko config
            self.findings.append(BrokerConnection(self.ctx.path, self.line(node), "nameko", broker))
        if methods:
            server = RpcServer(self.ctx.path, self.line(node), "nameko", service, methods)
            self.findings.append(server)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._services.pop()

    def _decorated(self, node: cst.FunctionDef, wanted: frozenset[str]) -> bool:
        return any(self._decorator_call(d, wanted) is not False for d in node.decorators)

    def _decorator_call(self, d: cst.Decorator, wanted: frozenset[str]) -> cst.Call | bool | None:
        """The decorator's call (None when used bare) if it is one of ``wanted``, else False."""
        call = d.decorator if isinstance(d.decorator, cst.Call) else None
        func = call.func if call is not None else d.decorator
        return call if self.names(func) & wanted else False

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        for decorator in node.decorators:
            handler = self._decorator_call(decorator, EVENT_HANDLERS)
            if isinstance(handler, cst.Call):
                self._handler(handler)
            route = self._decorator_call(decorator, HTTP)
            if isinstance(route, cst.Call):
                self._http(route)

    def _handler(self, call: cst.Call) -> None:
        source, event = arg(call, 0, "source_service"), arg(call, 1, "event_type")
        if source is None or event is None:
            return
        destination = self.value(source) + Value.of(".") + self.value(event)
        self._message(call, "consume", destination)

    def _http(self, call: cst.Call) -> None:
        method, path = arg(call, 0, "method"), arg(call, 1, "url")
        if method is None or path is None:
            return
        method_text, path_text = self.value(method).text, self.value(path).text
        if method_text is None or path_text is None:
            return
        for verb in method_text.split(","):
            route = RouteDefinition(
                self.ctx.path, self.line(call), "nameko", verb.strip().upper(), path_text
            )
            self.findings.append(route)

    def visit_Call(self, node: cst.Call) -> None:
        made, _ = self.made_by(node.func)
        if made & DISPATCHERS:
            self._dispatch(node)
            return
        found = method_of(node)
        if found is None:
            return
        receiver, method = found
        if method == "call_async" and isinstance(receiver, cst.Attribute):
            method = receiver.attr.value
            receiver = receiver.value
        made, maker = self.made_by(receiver)
        if made & SERVICE_PROXIES and maker is not None:
            target = arg(maker, 0, "target_service", "service_name")
            if target is not None:
                self._call(node, self.made_value(target), method)
        elif isinstance(receiver, cst.Attribute):
            made, _ = self.made_by(receiver.value)
            if made & CLUSTER_PROXIES:
                self._call(node, Value.of(receiver.attr.value), method)

    def _dispatch(self, node: cst.Call) -> None:
        service = next((s for s in reversed(self._services) if s is not None), None)
        event = arg(node, 0, "event_type")
        if service is None or event is None:
            return
        self._message(node, "publish", Value.of(f"{service}.") + self.value(event))

    def _call(self, node: cst.Call, service: Value, method: str) -> None:
        if method.startswith("_"):
            return
        self.findings.append(RpcCall(self.ctx.path, self.line(node), "nameko", service, (method,)))

    def _message(self, node: cst.Call, role: str, destination: Value) -> None:
        self.findings.append(
            Messaging(
                self.ctx.path,
                self.line(node),
                "nameko",
                "publish" if role == "publish" else "consume",
                destination,
                "event",
                library="nameko",
            )
        )


def service_name(detector: Detector, node: cst.ClassDef) -> str | None:
    """The class attribute ``name = "..."`` that names a nameko service."""
    for line in node.body.body:
        if not isinstance(line, cst.SimpleStatementLine):
            continue
        for small in line.body:
            if isinstance(small, cst.Assign) and any(
                isinstance(t.target, cst.Name) and t.target.value == "name" for t in small.targets
            ):
                return detector.value(small.value).text or None
    return None
