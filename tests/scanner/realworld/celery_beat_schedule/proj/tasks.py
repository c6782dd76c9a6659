from proj.celery_app import app


@app.task(name="proj.tasks.cleanup")
def cleanup():
    return "cleaned"


@app.task(name="proj.tasks.nightly_report", queue="reports")
def nightly_report():
    return "report"


@app.task(name="proj.tasks.on_demand")
def on_demand():
    return "done"
