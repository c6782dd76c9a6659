import os

from celery import Celery

app = Celery("proj", broker=os.environ["CELERY_BROKER_URL"], include=["proj.tasks"])
app.conf.beat_schedule = {
    "cleanup-every-minute": {"task": "proj.tasks.cleanup", "schedule": 60.0},
}


@app.on_after_configure.connect
def setup_periodic_tasks(sender, **kwargs):
    from proj.tasks import nightly_report

    sender.add_periodic_task(86400.0, nightly_report.s(), name="nightly report")
