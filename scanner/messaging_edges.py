"""Messaging edges: publish and consume on queues, topics and exchanges, Celery workers
consuming their tasks' queues and beat publishing its schedule.
"""

from __future__ import annotations

from catalog_api.model import Edge, EdgeKind, Evidence, Node, NodeKind, Provenance, detail_of
from scanner.addresses import parse_address
from scanner.assembly_base import AssemblyBase
from scanner.celery_beat import beat_publish
from scanner.celery_consumers import consumed_queues
from scanner.celery_routing import unresolved_code
from scanner.findings import BrokerConnection, CeleryRouting, CeleryTask, Messaging, ScheduledTask
from scanner.services import Service
from scanner.subject_wildcards import TECHNOLOGIES as SUBJECT_TECHNOLOGIES
from scanner.subject_wildcards import runtime_subject
from scanner.values import Value


class MessagingEdges(AssemblyBase):
    """The messaging findings' edges (see the module docstring)."""

    def _broker_name(self, service: Service, f: BrokerConnection) -> str | None:
        address = parse_address(f.address.resolve(self._env(service)))
        found = self.hosts.service(address.host) if address.host else None
        return found.name if found is not None else address.host

    def _messaging(self, service: Service, source: str, f: Messaging) -> None:
        """One edge per destination the code can name (a helper's callers pass different
        topics); a destination that stays unknown is a diagnostic."""
        env = self._env(service)
        for resolved in f.destination.resolve(env).expand():
            name = _destination_name(resolved, f.name_after)
            if not name and f.technology in SUBJECT_TECHNOLOGIES:
                name = runtime_subject(resolved)  # ``events.message.{id}``: a pattern
            if name:
                self._messaging_to(service, source, f, name)
            else:
                self._unresolved(
                    f, service, f.destination, resolved, unresolved_code(f), f.technology
                )

    def _messaging_to(self, service: Service, source: str, f: Messaging, name: str) -> None:
        env = self._env(service)
        attributes = {"type": f.destination_kind}
        broker = (
            self.brokers.get(f.technology)
            if f.broker is None
            else self._broker_name(
                service, BrokerConnection(f.path, f.line, f.technology, f.broker)
            )
        )
        if broker:
            attributes["broker"] = broker
        node = Node(
            NodeKind.QUEUE,
            name,
            f.technology,
            provenance=frozenset({Provenance.STATIC}),
            attributes=attributes,
        )
        target = self.graph.add_node(node).id
        key = f.routing_key.resolve(env).text if f.routing_key is not None else None
        note = f"{f.technology} {f.role} {f.destination_kind} {name}" + (
            f" routing key {key}" if key else ""
        )
        kind = EdgeKind.PUBLISH if f.role == "publish" else EdgeKind.CONSUME
        topics = [name] if f.destination_kind in ("topic", "subject") else []
        bound = f.bound_queue.resolve(env).text if f.bound_queue is not None else None
        queues = (
            list(f.queues)
            or ([bound] if bound else [])
            or ([name] if f.destination_kind == "queue" and f.technology != "celery" else [])
        )
        self._edge(
            source,
            target,
            kind,
            f,
            note,
            service,
            [f.destination],
            topics=topics,
            queues=queues,
            tasks=f.tasks,
        )

    def _celery_worker(
        self,
        service: Service,
        source: str,
        f: CeleryTask,
        routings: list[CeleryRouting],
        env: dict[str, str],
    ) -> None:
        """The worker consumes its tasks on the queues it listens on
        (:func:`~scanner.celery_consumers.consumed_queues`)."""
        services = self.services.values()
        for queue in consumed_queues(f, service, services, routings, env):
            node = Node(
                NodeKind.QUEUE,
                queue,
                "celery",
                provenance=frozenset({Provenance.STATIC}),
                attributes={"type": "celery"},
            )
            target = self.graph.add_node(node).id
            evidence = frozenset({Evidence(f.path, f.line, note=f"celery task {f.task}")})
            edge = Edge(
                source,
                target,
                EdgeKind.CONSUME,
                frozenset({Provenance.STATIC}),
                evidence,
                detail_of(tasks=[f.task]),
            )
            self.graph.add_edge(edge)

    def _scheduled(
        self,
        service: Service,
        source: str,
        f: ScheduledTask,
        routings: list[CeleryRouting],
        env: dict[str, str],
    ) -> None:
        """A periodic task: published by the services running beat (:mod:`scanner.celery_beat`)."""
        every = (found for owned in self.owned.values() for found in owned)
        sent = beat_publish(f, service, self.services.values(), every, routings, env)
        if isinstance(sent, Messaging):
            self._messaging(service, source, sent)
        elif sent is not None:
            self.graph.add_diagnostic(sent)


def _destination_name(resolved: Value, name_after: str | None) -> str | None:
    """The node name of a messaging destination: the resolved text, or for a URL/ARN the part
    after its last ``name_after`` (known even when an earlier part is not)."""
    if name_after is None:
        return resolved.text
    tail = resolved.parts[-1] if resolved.parts else ""
    if isinstance(tail, str) and (name_after in tail or resolved.text is not None):
        return tail.rstrip(name_after).rsplit(name_after, 1)[-1] or None
    return None
