# Uses the clients of app/clients.py; imports none of httpx, requests or pika itself.
from fastapi import FastAPI

from app.clients import BILLING_URL, billing, channel, session

app = FastAPI()


@app.post("/orders")
def create_order():
    billing.post("/invoices")
    session.get(f"{BILLING_URL}/customers/1")
    channel.basic_publish(exchange="orders", routing_key="order.created", body=b"{}")
    return {}
