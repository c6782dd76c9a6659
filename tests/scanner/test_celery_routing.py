"""Celery ``task_routes``: the queue a task is published to and consumed from."""

from __future__ import annotations

from pathlib import Path

from catalog_api.model import EdgeKind
from scanner import scan_repository
from scanner.celery_routing import (
    BOUNDARY,
    REGEX,
    UNDECIDED,
    definition,
    routed_queue,
    router_diagnostics,
    task_queue,
    unevaluated,
    via_exchange,
)
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


def test_earlier_entry_answers_first_when_task_routes_lists_several() -> None:
    routing = _routing(("billing.*", "slow"), BOUNDARY, ("billing.charge", "billing"))
    assert routed_queue("billing.charge", [routing]) == "slow"


def test_regex_key_matches_at_the_start_when_given_as_re_compile() -> None:
    routing = _routing((REGEX + r"media\.(image|video)\.", "media"), ("media.*", "other"))
    assert routed_queue("media.image.resize", [routing]) == "media"
    assert routed_queue("media.audio.mix", [routing]) == "other"
    assert routed_queue("x.media.image.resize", [routing]) == "celery"


def test_router_returning_none_hands_over_to_the_next_entry_when_its_rule_matches() -> None:
    routing = _routing(
        (REGEX + r"(?!.*\.sync\Z)", ""), (REGEX, "sync"), BOUNDARY, ("reports.*", "reports")
    )
    assert routed_queue("crm.contacts.sync", [routing]) == "sync"
    assert routed_queue("reports.build", [routing]) == "reports"


def test_unevaluated_router_is_a_warning_with_its_line_when_routing_reads_past_it() -> None:
    routing = _routing(
        (REGEX + r"crm\.", "crm"),
        unevaluated("app/routers.py", 12, "condition `is_urgent(name)`"),
        (REGEX, UNDECIDED),
        (REGEX, "sync"),
    )
    assert routed_queue("mail.sync", [routing]) == "sync"
    assert (task_queue("crm.sync", [routing]), task_queue("mail.sync", [routing])) == ("crm", None)
    [found] = router_diagnostics([routing])
    assert (found.path, found.line, found.code) == ("app/routers.py", 12, "celery-router")
    assert "is_urgent(name)" in found.message


def test_exchange_route_reaches_the_bound_queue_when_task_queues_declares_the_binding() -> None:
    queues = _routing(
        definition("ledger-posts", "ledger", "post.#", "topic"),
        definition("ledger-audit", "ledger", "audit", "direct"),
    )
    routes = _routing(
        ("ledger.post", via_exchange("ledger", "post.entry")),
        ("ledger.audit", via_exchange("ledger", "audit")),
        ("ledger.void", via_exchange("ledger", "void")),
    )
    assert routed_queue("ledger.post", [routes, queues]) == "ledger-posts"
    assert routed_queue("ledger.audit", [routes, queues]) == "ledger-audit"
    assert routed_queue("ledger.void", [routes, queues]) == "celery"
    [unbound] = router_diagnostics([routes, queues])
    assert "exchange=ledger routing_key=void" in unbound.message


ROUTERS = """
import re
from celery import Celery

URGENT = ("alerts.", "pager.")
REPORTS = re.compile(r"reports\\.(daily|weekly)")

def route_task(name, args, kwargs, options, task=None, **kw):
    if name == "payments.refund" or name.startswith(URGENT):
        return {"queue": "urgent"}
    elif name.split(".")[0] == "payments":
        return "payments"
    if REPORTS.match(name):
        return {"queue": "reports"}
    if is_special(name):
        return {"queue": "special"}
    return None

app = Celery("worker", broker="redis://redis:6379/0")
app.conf.task_routes = (route_task, {re.compile(r"media\\..*"): {"queue": "media"}})
app.conf.task_default_queue = "work"

@app.task(name="payments.refund")
def refund(): ...

@app.task(name="payments.charge")
def charge(): ...

@app.task(name="pager.notify")
def notify(): ...

@app.task(name="reports.daily")
def daily(): ...

@app.task(name="reports.yearly")
def yearly(): ...

@app.task(name="media.resize")
def resize(): ...
"""


def _router_repo(root: Path) -> Path:
    (root / "worker").mkdir()
    (root / "worker" / "requirements.txt").write_text("celery\n")
    (root / "worker" / "tasks.py").write_text(ROUTERS)
    return root


def test_worker_consumes_the_queues_its_router_function_decides_when_names_are_tested(
    tmp_path: Path,
) -> None:
    graph = scan_repository(_router_repo(tmp_path))
    consumed = {
        (e.target, tuple(sorted(e.detail.get("tasks", ()))))
        for e in graph.edges()
        if e.source == "service:worker" and e.kind.value == "consume"
    }
    assert consumed == {
        ("queue:urgent", ("pager.notify", "payments.refund")),
        ("queue:payments", ("payments.charge",)),
        ("queue:reports", ("reports.daily",)),
        ("queue:work", ("reports.yearly",)),
        ("queue:media", ("media.resize",)),
    }


def test_unreadable_router_condition_is_a_diagnostic_when_the_service_is_scanned(
    tmp_path: Path,
) -> None:
    graph = scan_repository(_router_repo(tmp_path))
    [warning] = [d for d in graph.diagnostics if d.code == "celery-router"]
    assert (warning.path, warning.line) == ("worker/tasks.py", 15)
    assert "is_special(name)" in warning.message


CELERY_ENV_REPO = {
    "docker-compose.yml": (
        "services:\n"
        "  web:\n    build: ./web\n    environment: [JOBS_QUEUE=jobs]\n"
        "  worker:\n    build: ./worker\n    command: celery -A tasks worker -Q jobs,celery\n"
        "    env_file: [queues.env.local]\n    environment: [FOLLOW=jobs.follow]\n"
        "  reports:\n    build: ./reports\n    command: celery -A tasks worker\n"
    ),
    "queues.env.local": "JOBS_QUEUE=jobs\n",
    "worker/tasks.py": (
        "import os\nfrom celery import Celery\n\napp = Celery('tasks')\n"
        "QUEUE = os.environ.get('JOBS_QUEUE')\n\n\n"
        "@app.task(name='jobs.run', queue=QUEUE)\ndef run(): ...\n\n\n"
        "@app.task\ndef ping(): ...\n\n\n"
        "app.conf.task_routes = {\n"
        "    os.environ.get('FOLLOW'): {'queue': os.environ.get('FOLLOW_QUEUE', 'followups')},\n"
        "    os.environ.get('UNSET_TASK'): {'queue': 'never'},\n"
        "}\n\n\n"
        "def chain():\n    app.send_task(os.environ['FOLLOW'])\n"
    ),
    "reports/tasks.py": (
        "import os\nfrom celery import Celery\n\napp = Celery('tasks')\n\n\n"
        "@app.task(queue=os.environ['REPORTS_QUEUE'])\ndef build(): ...\n\n\n"
        "def follow_up():\n    app.send_task(os.environ['NEXT_TASK'])\n"
    ),
    "web/app.py": (
        "import os\nfrom celery import Celery\nfrom flask import Flask\n\n"
        "app = Flask(__name__)\ncelery = Celery('web')\n\n\n"
        "@celery.task(name='jobs.run', queue=os.environ.get('JOBS_QUEUE'))\ndef run(): ...\n\n\n"
        "@app.post('/jobs')\ndef submit():\n    run.delay()\n"
    ),
}


def test_env_queue_resolves_per_service_and_unknown_ones_are_diagnostics_when_queue_is_given(
    tmp_path: Path,
) -> None:
    for rel, text in CELERY_ENV_REPO.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    graph = scan_repository(tmp_path)
    edges = {(e.source, e.target, e.kind.value) for e in graph.edges()}
    assert ("service:worker", "queue:jobs", "consume") in edges
    assert ("service:web", "queue:jobs", "publish") in edges
    assert ("service:worker", "queue:celery", "consume") in edges  # ``ping``: no queue given
    assert ("service:worker", "queue:followups", "publish") in edges  # routed by env names
    assert "queue:never" not in {t for _, t, _ in edges}
    assert not any(e[0] == "service:reports" for e in edges)
    consume = graph.edge("service:worker", "queue:jobs", EdgeKind.CONSUME)
    assert consume is not None and consume.detail["tasks"] == {"jobs.run"}
    unresolved = {(d.path, d.line) for d in graph.diagnostics if d.code == "unresolved-queue"}
    assert unresolved == {("reports/tasks.py", 7), ("reports/tasks.py", 12)}
