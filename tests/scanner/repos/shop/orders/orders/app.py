"""Orders: stores orders, charges them, announces them."""

import os

import pika
import requests
from flask import Flask
from sqlalchemy import Column, Integer, create_engine
from sqlalchemy.orm import DeclarativeBase

app = Flask(__name__)
engine = create_engine(os.environ["DATABASE_URL"])
PAYMENTS_URL = os.getenv("PAYMENTS_URL", "http://localhost:9000")


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"
    id = Column(Integer, primary_key=True)


@app.route("/orders", methods=["POST"])
def place() -> str:
    requests.post(f"{PAYMENTS_URL}/v1/charges", timeout=5)
    channel = pika.BlockingConnection(pika.URLParameters(os.environ["RABBITMQ_URL"])).channel()
    channel.basic_publish(exchange="orders", routing_key="order.created", body=b"{}")
    return "ok"


@app.route("/orders/<int:order_id>")
def read(order_id: int) -> str:
    return str(order_id)
