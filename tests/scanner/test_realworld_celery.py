"""Celery shapes found in public repositories (see realworld/README.md): beat publishing its
schedule, and workers of one build directory each consuming their own queues."""

from __future__ import annotations

from pathlib import Path

from catalog_api.graph import ServiceGraph
from catalog_api.model import EdgeKind
from scanner import scan_repository

REALWORLD = Path(__file__).parent / "realworld"


def _edges(graph: ServiceGraph) -> set[tuple[str, str, str]]:
    return {(e.source, e.target, e.kind.value) for e in graph.edges()}


def _tasks(graph: ServiceGraph, source: str, target: str, kind: EdgeKind) -> set[str]:
    edge = graph.edge(f"service:{source}", f"queue:{target}", kind)
    assert edge is not None, (source, target, kind)
    return set(edge.detail["tasks"])


def test_beat_and_a_worker_started_with_b_publish_the_schedule_and_plain_workers_the_default() -> (
    None
):
    graph = scan_repository(REALWORLD / "celery_beat_schedule")
    assert _edges(graph) == {
        ("service:web", "queue:celery", "publish"),
        ("service:worker", "queue:celery", "consume"),
        ("service:beat", "queue:celery", "publish"),
        ("service:beat", "queue:reports", "publish"),
        ("service:worker-embedded-beat", "queue:celery", "publish"),
        ("service:worker-embedded-beat", "queue:reports", "publish"),
        ("service:worker-embedded-beat", "queue:reports", "consume"),
    }
    assert _tasks(graph, "beat", "celery", EdgeKind.PUBLISH) == {"proj.tasks.cleanup"}
    assert _tasks(graph, "beat", "reports", EdgeKind.PUBLISH) == {"proj.tasks.nightly_report"}
    assert _tasks(graph, "worker", "celery", EdgeKind.CONSUME) == {
        "proj.tasks.cleanup",
        "proj.tasks.on_demand",
    }
    published = graph.edge("service:beat", "queue:reports", EdgeKind.PUBLISH)
    assert published is not None
    assert {(e.path, e.line) for e in published.evidence} == {("proj/celery_app.py", 15)}


def test_workers_built_from_one_directory_each_consume_the_tasks_of_their_own_queue() -> None:
    graph = scan_repository(REALWORLD / "celery_workers_per_queue_one_build_dir")
    assert _edges(graph) == {
        ("service:app", "queue:queue1", "publish"),
        ("service:app", "queue:queue2", "publish"),
        ("service:app", "queue:celery", "publish"),
        ("service:worker1", "queue:queue1", "consume"),
        ("service:worker2", "queue:queue2", "consume"),
        ("service:worker3", "queue:celery", "consume"),
    }
    assert _tasks(graph, "worker1", "queue1", EdgeKind.CONSUME) == {"SimpleTask1"}
    assert _tasks(graph, "worker2", "queue2", EdgeKind.CONSUME) == {"SimpleTask2"}
    assert _tasks(graph, "worker3", "celery", EdgeKind.CONSUME) == {"DefaultTask"}
