"""Assembly of Faust findings: the same topic nodes the Kafka client detector produces."""

from __future__ import annotations

from pathlib import Path

from catalog_api.model import EdgeKind
from scanner import scan_repository
from tests.scanner.repo_files import write_repo

COMPOSE = """
services:
  orders:
    build: ./orders
    environment:
      KAFKA_BROKER: kafka://kafka:9092
  shipping:
    build: ./shipping
  kafka:
    image: bitnami/kafka:3.7
"""
ORDERS = """
import os
import faust
app = faust.App("orders", broker=os.environ["KAFKA_BROKER"])
orders = app.topic("order-created")
@app.agent(app.topic("payment-settled"))
async def settle(stream):
    async for payment in stream:
        await orders.send(value=payment)
"""
SHIPPING = """
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
consumer = AIOKafkaConsumer("order-created", bootstrap_servers="kafka:9092")
producer = AIOKafkaProducer(bootstrap_servers="kafka:9092")
async def paid() -> None:
    await producer.send_and_wait("payment-settled", b"{}")
"""


def test_faust_and_aiokafka_share_topic_nodes_when_they_name_the_same_topics(
    tmp_path: Path,
) -> None:
    files = {"docker-compose.yml": COMPOSE, "orders/app.py": ORDERS, "shipping/app.py": SHIPPING}
    graph = scan_repository(write_repo(tmp_path, files))
    topic = graph.node("queue:order-created")
    assert topic is not None and topic.technology == "kafka"
    assert topic.attributes.get("broker") == "kafka"
    publish = graph.edge("service:orders", "queue:order-created", EdgeKind.PUBLISH)
    assert publish is not None and publish.detail["topics"] == frozenset({"order-created"})
    assert graph.edge("service:shipping", "queue:order-created", EdgeKind.CONSUME) is not None
    assert graph.edge("service:orders", "queue:payment-settled", EdgeKind.CONSUME) is not None
    assert graph.edge("service:shipping", "queue:payment-settled", EdgeKind.PUBLISH) is not None
    orders = graph.node("service:orders")
    assert orders is not None and orders.technology == "faust"


def test_agent_without_channel_reads_faust_own_topic_when_another_service_sends_to_it(
    tmp_path: Path,
) -> None:
    app = 'import faust\napp = faust.App("billing", broker="kafka://kafka:9092")\n'
    agents = (
        "from billing.app import app\n"
        "@app.agent()\nasync def charge(stream):\n    async for c in stream:\n        pass\n"
        "async def submit(order):\n    await charge.cast(value=order)\n"
    )
    files = {
        "docker-compose.yml": "services:\n  billing:\n    build: .\n  kafka:\n    image: kafka\n",
        "billing/__init__.py": "",
        "billing/app.py": app,
        "billing/agents.py": agents,
    }
    graph = scan_repository(write_repo(tmp_path, files))
    name = "queue:billing-billing.agents.charge"
    assert graph.edge("service:billing", name, EdgeKind.CONSUME) is not None
    assert graph.edge("service:billing", name, EdgeKind.PUBLISH) is not None
    assert not [d for d in graph.diagnostics if d.code == "unresolved-destination"]
