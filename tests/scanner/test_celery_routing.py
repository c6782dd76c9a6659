"""Celery ``task_routes``: the queue a task is published to and consumed from."""

from __future__ import annotations

from pathlib import Path

from scanner import scan_repository
from scanner.celery_routing import routed_queue
from scanner.findings import CeleryRouting

REPO = Path(__file__).parent / "repos" / "celery_routes"


def _routing(*routes: tuple[str, str], default: str | None = None) -> CeleryRouting:
    return CeleryRouting("celeryconfig.py", 1, routes, default)


def test_exact_name_wins_over_an_earlier_glob_when_both_match() -> None:
    routing = _routing(("billing.*", "slow"), ("billing.charge", "billing"))
    assert routed_queue("billing.charge", [routing]) == "billing"
    assert routed_queue("billing.refund", [routing]) == "slow"


def test_glob_matches_as_celery_does_when_the_name_only_starts_like_it() -> None:
    routing = _routing(("mail.*", "mail"), ("a*b", "ab"))
    assert routed_queue("mail.send", [routing]) == "mail"
    assert routed_queue("mail.", [routing]) == "celery"  # Celery's ``*`` is ``.+?``
    assert routed_queue("axbyz", [routing]) == "ab"  # matched at the start, as re.match
    assert routed_queue("mailbox.send", [routing]) == "celery"  # the dot is literal


def test_default_queue_applies_when_no_route_matches() -> None:
    routing = _routing(("mail.*", "mail"), default="work")
    assert routed_queue("reports.build", [routing]) == "work"
    assert routed_queue("reports.build", []) == "celery"


def test_publishes_and_workers_follow_task_routes_when_no_queue_is_given() -> None:
    graph = scan_repository(REPO)
    edges = {
        (e.source, e.kind.value, e.target, tuple(sorted(e.detail.get("tasks", ()))))
        for e in graph.edges()
    }
    assert edges == {
        ("service:web", "publish", "queue:mail", ("notifications.welcome",)),
        ("service:web", "publish", "queue:billing", ("billing.charge",)),
        ("service:web", "publish", "queue:manual", ("billing.charge",)),
        ("service:web", "publish", "queue:celery", ("reports.build",)),
        ("service:worker", "consume", "queue:mail", ("notifications.welcome",)),
        ("service:worker", "consume", "queue:billing", ("billing.charge",)),
        ("service:worker", "consume", "queue:priority", ("notifications.urgent",)),
        ("service:worker", "consume", "queue:work", ("reports.build",)),
        ("service:worker", "publish", "queue:work", ("reports.build",)),
    }
