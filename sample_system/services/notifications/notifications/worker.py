"""The Celery application; `celery -A notifications.worker worker` starts it."""

from __future__ import annotations

from celery import Celery

from notifications.settings import CELERY_BROKER_URL

app = Celery("notifications", broker=CELERY_BROKER_URL, include=["notifications.tasks"])
app.conf.update(
    # A task is acknowledged only once the email went out, so a crashed worker loses nothing.
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_default_queue="celery",
    task_serializer="json",
    accept_content=["json"],
    task_ignore_result=True,
    broker_connection_retry_on_startup=True,
)
