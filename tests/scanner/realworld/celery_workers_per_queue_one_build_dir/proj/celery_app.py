from celery import Celery

app = Celery("proj", broker="pyamqp://rabbitmq:5672", include=["proj.tasks"])
