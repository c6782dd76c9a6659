import requests
from celery import Celery
from sqlalchemy import create_engine, text

celery = Celery("tasks", broker="redis://redis:6379/0")
engine = create_engine("postgresql://app:app@db/app")


@celery.task
def charge(order_id):
    with engine.connect() as conn:
        conn.execute(text("UPDATE orders SET charged = true WHERE id = :id"), {"id": order_id})
    requests.post("http://billing:8000/charge", json={"order": order_id})
