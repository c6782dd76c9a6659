import requests
from celery import shared_task

from app.models import Order


@shared_task
def create_orders(batch_id):
    for order in Order.objects.filter(batch_id=batch_id):
        charge.apply_async(args=[order.id])


@shared_task
def charge(order_id):
    order = Order.objects.get(id=order_id)
    requests.post("http://billing:8000/charge", json={"order": order.id})
