from flask import Flask

from proj.tasks import default_task, simple_task_1, simple_task_2

app = Flask(__name__)


@app.post("/run")
def run():
    simple_task_1.delay()
    simple_task_2.delay()
    default_task.delay()
    return "ok"


if __name__ == "__main__":
    app.run(host="0.0.0.0")
