"""Amazon SQS, SNS and Kinesis through boto3: one queue node per queue, topic or stream.

Recognises, on clients and resources the evaluator traces to ``boto3.client/resource(
"sqs"|"sns"|"kinesis")`` (also through a ``boto3.Session``):
SQS ``send_message``/``send_message_batch`` (publish) and ``receive_message`` (consume) with
``QueueUrl=...``, and the resource's ``queue.send_message``/``queue.receive_messages`` on a
queue from ``sqs.Queue(url)``, ``sqs.get_queue_by_name(QueueName=...)`` or ``sqs.
create_queue(...)``; the queue is named by the URL's last path segment, or by ``QueueName``
when the URL comes from ``get_queue_url``/``create_queue(...)["QueueUrl"]``. SNS ``publish(
TopicArn=...|TargetArn=...)`` and ``topic.publish`` on ``sns.Topic(arn)``/``sns.create_topic(
Name=...)`` (the topic named by the ARN's last field). Kinesis ``put_record``/``put_records``
(publish) and ``get_shard_iterator`` (consume) with ``StreamName=...``. Deliberately ignores:
SNS SMS/phone publishes, subscriptions (``subscribe``: wiring, not traffic), queue/topic
administration calls, ``aioboto3`` clients opened in ``async with`` (their origin is not
traced), and every other AWS service (S3 and DynamoDB have their own detectors).
"""

from __future__ import annotations

import libcst as cst

from catalog_api.model import Diagnostic, Severity
from scanner.bindings import Expr, Param
from scanner.detectors.base import Detector, arg, method_of
from scanner.detectors.boto3_services import made_on, service_of
from scanner.findings import Messaging, Role
from scanner.index import ModuleIndex
from scanner.modules import ModuleContext
from scanner.symbolic import value_of
from scanner.values import Value

SQS_CLIENT = {"send_message": "publish", "send_message_batch": "publish"} | {
    "receive_message": "consume"
}
SQS_QUEUE = {"send_message": "publish", "send_messages": "publish"} | {
    "receive_messages": "consume"
}
KINESIS = {"put_record": "publish", "put_records": "publish", "get_shard_iterator": "consume"}
NAMED_QUEUES = frozenset({"get_queue_by_name", "create_queue"})
CALLS = frozenset(SQS_CLIENT) | frozenset(SQS_QUEUE) | frozenset(KINESIS) | {"publish"}
# the keyword that marks a call as the AWS API's, whatever its client's origin
SIGNATURES = dict.fromkeys(SQS_CLIENT, "QueueUrl") | dict.fromkeys(KINESIS, "StreamName")
SIGNATURES["publish"] = "TopicArn"
URL_LOOKUPS = {"get_queue_url": "QueueName", "create_queue": "QueueName", "create_topic": "Name"}


class Boto3Messaging(Detector):
    name = "boto3_messaging"
    modules = frozenset({"boto3", "aioboto3"})

    @classmethod
    def markers(cls) -> frozenset[str]:
        return cls.modules | {"QueueUrl", "TopicArn", "StreamName", ".send_message", ".receive_"}

    @classmethod
    def wants(cls, index: ModuleIndex) -> bool:
        """Also files that use a client built in another module (``from .aws import sqs``)."""
        return bool(cls.modules & index.imported_roots or index.calls.keys() & CALLS)

    def visit_Call(self, node: cst.Call) -> None:
        found = method_of(node)
        if found is None:
            return
        receiver, method = found
        service = service_of(self, receiver)
        if service == "sqs" and method in SQS_CLIENT:
            url = arg(node, None, "QueueUrl")
            if url is not None:
                self._emit(node, "sqs", SQS_CLIENT[method], *self._named(url, "/"), "queue")
        elif service == "sns" and method == "publish":
            arn = arg(node, None, "TopicArn", "TargetArn")
            if arn is not None:
                self._emit(node, "sns", "publish", *self._named(arn, ":"), "topic")
        elif service == "kinesis" and method in KINESIS:
            stream = arg(node, None, "StreamName")
            if stream is not None:
                self._emit(node, "kinesis", KINESIS[method], self.value(stream), None, "stream")
        elif service is None:
            self._resource_object(node, receiver, method)

    def _resource_object(self, node: cst.Call, receiver: cst.BaseExpression, method: str) -> None:
        """``queue.send_message(...)`` / ``topic.publish(...)`` on a resource object."""
        made = made_on(self, receiver)
        if made is None:
            self._untraced(node, receiver, method)
            return
        service, how, ctx, call = made
        if service == "sqs" and method in SQS_QUEUE:
            if how in NAMED_QUEUES and (name := arg(call, None, "QueueName")) is not None:
                self._emit(node, "sqs", SQS_QUEUE[method], value_of(self.ev, ctx, name), None)
            elif how == "Queue" and (url := arg(call, 0, "url")) is not None:
                self._emit(node, "sqs", SQS_QUEUE[method], value_of(self.ev, ctx, url), "/")
        elif service == "sns" and method == "publish":
            if how == "create_topic" and (name := arg(call, None, "Name")) is not None:
                self._emit(node, "sns", "publish", value_of(self.ev, ctx, name), None, "topic")
            elif how == "Topic" and (arn := arg(call, 0, "arn")) is not None:
                self._emit(node, "sns", "publish", value_of(self.ev, ctx, arn), ":", "topic")

    def _untraced(self, node: cst.Call, receiver: cst.BaseExpression, method: str) -> None:
        """An SQS, SNS or Kinesis call, by its method and keyword, on a client that arrives
        as a parameter no caller's client is traced to: no edge (its library is not
        known), but not silence either."""
        keyword = SIGNATURES.get(method)
        if keyword is None or arg(node, None, keyword) is None:
            return
        if not isinstance(self.ev.resolve(self.ctx, receiver), Param):
            return
        message = (
            f"{method}({keyword}=...) on {self.ctx.code(receiver)}, a parameter the scanner "
            "cannot trace to the call that built its client; no edge drawn"
        )
        where = (self.ctx.path, self.line(node))
        self.diagnostics.append(Diagnostic(*where, Severity.WARNING, "untraced-client", message))

    def _named(self, node: cst.BaseExpression, separator: str) -> tuple[Value, str | None]:
        """(destination, name_after): the name given to ``get_queue_url``/``create_queue``/
        ``create_topic`` when the URL or ARN is read from their response, else the URL/ARN."""
        found = self._lookup(self.ctx, node)
        if found is not None:
            return found, None
        return self.value(node), separator

    def _lookup(self, ctx: ModuleContext, node: cst.BaseExpression) -> Value | None:
        if isinstance(node, cst.Name | cst.Attribute):
            bound = self.ev.resolve(ctx, node)
            if isinstance(bound, Expr) and isinstance(bound.node, cst.Subscript):
                return self._lookup(bound.ctx, bound.node)
            return None
        if not isinstance(node, cst.Subscript) or not isinstance(node.value, cst.Call):
            return None
        found = method_of(node.value)
        keyword = URL_LOOKUPS.get(found[1]) if found is not None else None
        name = arg(node.value, None, keyword) if keyword is not None else None
        return value_of(self.ev, ctx, name) if name is not None else None

    def _emit(
        self,
        node: cst.Call,
        technology: str,
        role: str,
        destination: Value,
        name_after: str | None,
        kind: str = "queue",
    ) -> None:
        found = Messaging(
            self.ctx.path,
            self.line(node),
            technology,
            _role(role),
            destination,
            kind,
            library="boto3",
            name_after=name_after,
        )
        self.findings.append(found)


def _role(role: str) -> Role:
    return "publish" if role == "publish" else "consume"
