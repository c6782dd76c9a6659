"""The web service publishes tasks; its Celery app routes them by name."""

from celery import Celery

app = Celery(
    "web",
    broker="redis://redis:6379/0",
    task_routes={"notifications.*": {"queue": "mail"}, "billing.charge": "billing"},
)


def signed_up(user: str) -> None:
    app.send_task("notifications.welcome", args=[user])


def ordered(order: str) -> None:
    app.send_task("billing.charge", args=[order])
    app.send_task("billing.charge", args=[order], queue="manual")  # the call's queue wins
    app.send_task("reports.build")  # no route, no default queue: "celery"
