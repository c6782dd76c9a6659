"""The worker consumes the queues its routing sends its tasks to."""

from celery import Celery

app = Celery("worker", broker="redis://redis:6379/0")
app.conf.task_routes = {
    "notifications.*": {"queue": "mail"},
    "billing.charge": {"queue": "billing"},
}
app.conf.task_default_queue = "work"


@app.task(name="notifications.welcome")
def welcome(user: str) -> None: ...


@app.task(name="billing.charge")
def charge(order: str) -> None: ...


@app.task(name="reports.build")
def build() -> None: ...


@app.task(name="notifications.urgent", queue="priority")  # the task's own queue wins
def urgent() -> None: ...


def later() -> None:
    build.delay()
