"""Google Cloud Pub/Sub through ``google-cloud-pubsub``: topics published to, subscriptions read.

Recognises, on a ``pubsub_v1.PublisherClient()`` (also ``google.cloud.pubsub``, the GAPIC
``google.pubsub_v1`` clients and their async variants, held anywhere the evaluator reaches or
annotated): ``publish(topic, data, ...)`` / ``publish(request={"topic": ...})`` (publish to
the topic). On a ``SubscriberClient()``: ``subscribe(subscription, callback=...)`` and
``pull(subscription=...)`` / ``pull(request={"subscription": ...})`` (consume). Topics and
subscriptions may be given as ``client.topic_path(project, "orders")`` /
``subscription_path(project, "orders-sub")`` (the node is named by the last argument) or as
full paths ``f"projects/{project}/topics/orders"`` (named by the last path segment).

A subscription belongs to a topic. When the code of the same source root creates it,
``create_subscription(name=..., topic=...)`` (keywords, ``request={...}`` or positionally),
the consumer consumes from the topic node, so publisher and subscriber meet, with the
subscription name in edge detail ``queues`` (as a RabbitMQ queue bound to an exchange);
otherwise it consumes from a node named by the subscription (type ``subscription``; the
topic is configured outside the code). Nodes: technology ``pubsub``, type ``topic``.

Deliberately ignores: topic and subscription administration other than the link above
(``create_topic``, ``delete_*``, ``list_*``), ``streaming_pull`` (what ``subscribe`` wraps),
the project (one node per topic name, as Kafka topics are named), Pub/Sub Lite, and
``publish``/``subscribe`` on anything not known to be a Pub/Sub client.
"""

from __future__ import annotations

import libcst as cst

from scanner.bindings import Expr
from scanner.detectors.base import Detector, arg, method_of
from scanner.findings import Messaging, Role
from scanner.index import ModuleIndex
from scanner.modules import ModuleContext
from scanner.symbolic import value_of
from scanner.values import Value

_MODULES = ("google.cloud.pubsub_v1", "google.cloud.pubsub", "google.pubsub_v1", "google.pubsub")
PUBLISHERS = frozenset(
    f"{m}.{c}" for m in _MODULES for c in ("PublisherClient", "PublisherAsyncClient")
) | {"google.cloud.pubsub_v1.publisher.Client", "google.cloud.pubsub_v1.publisher.client.Client"}
SUBSCRIBERS = frozenset(
    f"{m}.{c}" for m in _MODULES for c in ("SubscriberClient", "SubscriberAsyncClient")
) | {"google.cloud.pubsub_v1.subscriber.Client", "google.cloud.pubsub_v1.subscriber.client.Client"}
PATHS = {"topic_path": "topic", "subscription_path": "subscription"}
LIBRARY = "google-cloud-pubsub"
CALLS = frozenset({"publish", "subscribe", "pull"})


class GcpPubsub(Detector):
    name = "pubsub"
    modules = frozenset({"google"})

    @classmethod
    def markers(cls) -> frozenset[str]:
        return frozenset({"pubsub"})

    @classmethod
    def may_want(cls, text: str, imported: frozenset[str]) -> bool:
        return "pubsub" in text

    @classmethod
    def wants(cls, index: ModuleIndex) -> bool:
        """Also files that use a client built in another module."""
        return "google" in index.imported_roots or bool(index.calls.keys() & CALLS)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._subscribes: list[tuple[cst.Call, Value]] = []

    def visit_Call(self, node: cst.Call) -> None:
        found = method_of(node)
        if found is None or found[1] not in CALLS:
            return
        receiver, method = found
        made = self._made(self.ctx, receiver)
        if method == "publish" and made & PUBLISHERS:
            topic = _given(node, 0, "topic")
            if topic is not None:
                self._emit(node, "publish", self._named(self.ctx, topic), "topic")
        elif method != "publish" and made & SUBSCRIBERS:
            subscription = _given(node, 0, "subscription")
            if subscription is not None:
                self._subscribes.append((node, self._named(self.ctx, subscription)))

    def leave_Module(self, original_node: cst.Module) -> None:
        if not self._subscribes:
            return
        links = self._links()
        for node, subscription in self._subscribes:
            name = _key(subscription)
            topic = links.get(name)
            if topic is not None:
                self._emit(node, "consume", topic, "topic", name)
            else:
                self._emit(node, "consume", subscription, "subscription", name)

    def _links(self) -> dict[str, Value]:
        """Subscription name -> topic, from ``create_subscription`` calls of the source root."""
        found: dict[str, Value] = {}
        modules = [self.ctx, *self.ev.loader.related(self.ctx.path, r"create_subscription\s*\(")]
        for ctx in modules:
            for call in ctx.index.calls.get("create_subscription", []):
                name, topic = _given(call, 0, "name"), _given(call, 1, "topic")
                if name is not None and topic is not None:
                    found.setdefault(_key(self._named(ctx, name)), self._named(ctx, topic))
        return found

    def _made(self, ctx: ModuleContext, receiver: cst.BaseExpression) -> frozenset[str]:
        found = self.ev.origin(ctx, receiver)
        if found is None:
            return self.ev.type_names(ctx, receiver)
        return found[0].qualified_names(found[1].func)

    def _named(self, ctx: ModuleContext, node: cst.BaseExpression) -> Value:
        """What names a topic or subscription: the last argument of ``topic_path``/
        ``subscription_path``, else the value (a full path, cut at its last ``/`` later)."""
        bound = self.ev.resolve(ctx, node)
        if isinstance(bound, Expr) and isinstance(bound.node, cst.Call):
            method = method_of(bound.node)
            if method is not None and method[1] in PATHS:
                name = arg(bound.node, 1, PATHS[method[1]])
                if name is not None:
                    return value_of(self.ev, bound.ctx, name)
        return value_of(self.ev, ctx, node)

    def _emit(
        self, node: cst.Call, role: Role, target: Value, kind: str, subscription: str = ""
    ) -> None:
        found = Messaging(
            self.ctx.path,
            self.line(node),
            "pubsub",
            role,
            target,
            kind,
            queues=(subscription,) if subscription and "{" not in subscription else (),
            library=LIBRARY,
            name_after="/",
        )
        self.findings.append(found)


def _given(call: cst.Call, position: int | None, key: str) -> cst.BaseExpression | None:
    """An argument given directly (the pre-2.0 positional API included) or inside a literal
    ``request={...}`` dict (the GAPIC API, whose first positional is that request)."""
    direct = arg(call, position, key)
    request = arg(call, None, "request")
    if isinstance(direct, cst.Dict):
        direct, request = None, direct
    if direct is not None:
        return direct
    if isinstance(request, cst.Dict):
        for element in request.elements:
            if (
                isinstance(element, cst.DictElement)
                and isinstance(element.key, cst.SimpleString)
                and element.key.evaluated_value == key
            ):
                return element.value
    return None


def _key(value: Value) -> str:
    """A subscription's name for matching: the last path segment when known (the project
    before it may come from the environment)."""
    tail = value.parts[-1] if value.parts else ""
    if isinstance(tail, str) and ("/" in tail or value.text is not None):
        return tail.rsplit("/", 1)[-1]
    return value.render()
