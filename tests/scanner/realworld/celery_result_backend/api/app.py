import os
from celery import Celery
from flask import Flask

celery = Celery('tasks',
                broker=os.environ.get('CELERY_BROKER_URL', 'redis://localhost:6379'),
                backend=os.environ.get('CELERY_RESULT_BACKEND', 'redis://localhost:6379'))
app = Flask(__name__)


@app.route('/add/<int:a>/<int:b>')
def add(a, b):
    task = celery.send_task('tasks.add', args=[a, b])
    return task.id


@app.route('/check/<task_id>')
def check(task_id):
    return str(celery.AsyncResult(task_id).result)
