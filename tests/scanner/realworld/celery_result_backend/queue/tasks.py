import os
from celery import Celery

celery = Celery('tasks',
                broker=os.environ.get('CELERY_BROKER_URL', 'redis://localhost:6379'),
                backend=os.environ.get('CELERY_RESULT_BACKEND', 'redis://localhost:6379'))


@celery.task(name='tasks.add')
def add(x, y):
    return x + y
