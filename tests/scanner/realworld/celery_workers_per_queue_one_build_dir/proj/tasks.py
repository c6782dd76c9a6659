from proj.celery_app import app


@app.task(name="SimpleTask1", queue="queue1")
def simple_task_1():
    return 1


@app.task(name="SimpleTask2", queue="queue2")
def simple_task_2():
    return 2


@app.task(name="DefaultTask")
def default_task():
    return 3
