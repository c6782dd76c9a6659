"""Assembly of the NATS, Pub/Sub, memcached, FastStream and Redis list findings: repositories
of a few compose services, scanned end to end, give the nodes and edges the conventions ask
for between the services."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog_api.model import EdgeKind, NodeKind
from scanner import scan_repository
from scanner.subject_wildcards import matches
from tests.scanner.repo_files import write_repo

NATS_COMPOSE = """
services:
  orders:
    build: ./orders
    environment:
      NATS_URL: nats://nats:4222
  shipping:
    build: ./shipping
  nats:
    image: nats:2.10
"""
NATS_ORDERS = """
import os
import nats

async def main() -> None:
    nc = await nats.connect(os.environ["NATS_URL"])
    await nc.publish("orders.created", b"{}")
"""
NATS_SHIPPING = """
from nats.aio.client import Client as NATS

class Listener:
    def __init__(self) -> None:
        self.nc = NATS()

    async def start(self) -> None:
        await self.nc.connect(servers=["nats://nats:4222"])
        await self.nc.subscribe("orders.*", queue="shipping", cb=self.on_order)
        await self.nc.subscribe("refunds.>", cb=self.on_order)

    async def on_order(self, msg: object) -> None: ...
"""


def _repo(root: Path, files: dict[str, str]) -> Path:
    write_repo(root, files)
    return root


def _nats_repo(root: Path) -> Path:
    files = {"docker-compose.yml": NATS_COMPOSE, "orders/app.py": NATS_ORDERS}
    return _repo(root, files | {"shipping/app.py": NATS_SHIPPING})


def test_subject_node_joins_publisher_and_subscriber_when_services_share_a_nats_broker(
    tmp_path: Path,
) -> None:
    graph = scan_repository(_nats_repo(tmp_path))
    subject = graph.node("queue:orders.created")
    assert subject is not None and subject.technology == "nats"
    assert subject.attributes == {"type": "subject", "broker": "nats"}
    publish = graph.edge("service:orders", "queue:orders.created", EdgeKind.PUBLISH)
    assert publish is not None and publish.detail == {"topics": frozenset({"orders.created"})}
    consume = graph.edge("service:shipping", "queue:orders.created", EdgeKind.CONSUME)
    assert consume is not None
    assert consume.detail["queues"] == frozenset({"shipping"})
    assert {e.note for e in consume.evidence} == {"nats consume subject orders.*"}


def test_wildcard_subject_is_kept_as_written_when_no_concrete_subject_matches(
    tmp_path: Path,
) -> None:
    graph = scan_repository(_nats_repo(tmp_path))
    assert graph.node("queue:orders.*") is None
    kept = graph.node("queue:refunds.>")
    assert kept is not None and kept.technology == "nats"
    assert graph.edge("service:shipping", "queue:refunds.>", EdgeKind.CONSUME) is not None


@pytest.mark.parametrize(
    ("pattern", "subject", "expected"),
    [
        ("orders.*", "orders.created", True),
        ("orders.*", "orders.created.eu", False),
        ("orders.>", "orders.created.eu", True),
        ("orders.>", "orders", False),
        ("*.created", "orders.created", True),
        (">", "orders", True),
        ("orders.*.eu", "orders.created.us", False),
    ],
)
def test_wildcard_matches_subjects_as_nats_delivers_them_when_tokens_differ(
    pattern: str, subject: str, expected: bool
) -> None:
    assert matches(pattern, subject) is expected


FASTSTREAM_BILLING = """
from faststream.nats import NatsBroker
broker = NatsBroker("nats://nats:4222")

@broker.subscriber("orders.created")
async def bill(body: dict) -> None:
    await broker.publish(body, "invoices.issued")
"""


def test_faststream_and_nats_py_share_subject_nodes_when_they_name_the_same_subject(
    tmp_path: Path,
) -> None:
    root = _nats_repo(tmp_path)
    compose = NATS_COMPOSE.replace("  nats:\n", "  billing:\n    build: ./billing\n  nats:\n")
    _repo(root, {"docker-compose.yml": compose, "billing/app.py": FASTSTREAM_BILLING})
    graph = scan_repository(root)
    assert graph.edge("service:billing", "queue:orders.created", EdgeKind.CONSUME) is not None
    assert graph.edge("service:shipping", "queue:orders.created", EdgeKind.CONSUME) is not None
    issued = graph.node("queue:invoices.issued")
    assert issued is not None and issued.attributes.get("broker") == "nats"


LIST_COMPOSE = """
services:
  web:
    build: ./web
  worker:
    build: ./worker
  mailer:
    build: ./mailer
  redis:
    image: redis:7
"""
LIST_WEB = """
import redis
r = redis.Redis(host="redis")

def enqueue(job: bytes) -> None:
    r.lpush("jobs:resize", job)
    r.lpush("recent:uploads", job)
    r.ltrim("recent:uploads", 0, 99)
"""
LIST_WORKER = """
import redis
r = redis.Redis(host="redis")

def work() -> None:
    while True:
        r.rpop("jobs:resize")
"""
LIST_MAILER = """
import os
from redis.asyncio import Redis

async def mails(client: Redis) -> None:
    await client.blpop("jobs:mail")
"""


def _list_repo(root: Path) -> Path:
    files = {"docker-compose.yml": LIST_COMPOSE, "web/app.py": LIST_WEB}
    return _repo(root, files | {"worker/app.py": LIST_WORKER, "mailer/app.py": LIST_MAILER})


def test_redis_list_is_a_queue_when_one_service_pushes_and_another_pops(tmp_path: Path) -> None:
    graph = scan_repository(_list_repo(tmp_path))
    jobs = graph.node("queue:jobs:resize")
    assert jobs is not None and jobs.technology == "redis"
    assert jobs.attributes == {"type": "list"}
    publish = graph.edge("service:web", "queue:jobs:resize", EdgeKind.PUBLISH)
    consume = graph.edge("service:worker", "queue:jobs:resize", EdgeKind.CONSUME)
    assert publish is not None and publish.detail == {"queues": frozenset({"jobs:resize"})}
    assert consume is not None and consume.detail == {"queues": frozenset({"jobs:resize"})}


def test_redis_list_is_a_queue_when_a_blocking_pop_alone_consumes_it(tmp_path: Path) -> None:
    graph = scan_repository(_list_repo(tmp_path))
    mail = graph.node("queue:jobs:mail")
    assert mail is not None and mail.attributes == {"type": "list"}
    assert graph.edge("service:mailer", "queue:jobs:mail", EdgeKind.CONSUME) is not None


def test_redis_list_is_no_queue_but_a_diagnostic_when_it_is_only_pushed(tmp_path: Path) -> None:
    graph = scan_repository(_list_repo(tmp_path))
    assert graph.node("queue:recent:uploads") is None
    found = [d for d in graph.diagnostics if d.code == "list-not-queue"]
    assert [(d.path, d.line) for d in found] == [("web/app.py", 7)]
    assert "pushed but never popped" in found[0].message


PUBSUB_COMPOSE = """
services:
  orders:
    build: ./orders
    environment:
      ORDERS_TOPIC: orders
  billing:
    build: ./billing
  emails:
    build: ./emails
"""
PUBSUB_ORDERS = """
import os
from google.cloud import pubsub_v1
publisher = pubsub_v1.PublisherClient()
path = publisher.topic_path("shop", os.environ["ORDERS_TOPIC"])

def created(data: bytes) -> None:
    publisher.publish(path, data)
"""
PUBSUB_SETUP = """
from google.cloud import pubsub_v1
subscriber = pubsub_v1.SubscriberClient()
subscriber.create_subscription(
    name="projects/shop/subscriptions/orders-billing", topic="projects/shop/topics/orders"
)
"""
PUBSUB_BILLING = """
from google.cloud import pubsub_v1
subscriber = pubsub_v1.SubscriberClient()
future = subscriber.subscribe(subscriber.subscription_path("shop", "orders-billing"), print)
"""
PUBSUB_EMAILS = """
from google.cloud import pubsub_v1
subscriber = pubsub_v1.SubscriberClient()
future = subscriber.subscribe("projects/shop/subscriptions/orders-emails", print)
"""


def test_pubsub_subscriber_consumes_the_topic_when_its_code_creates_the_subscription(
    tmp_path: Path,
) -> None:
    files = {"docker-compose.yml": PUBSUB_COMPOSE, "orders/app.py": PUBSUB_ORDERS}
    files |= {"billing/subscriptions.py": PUBSUB_SETUP, "billing/app.py": PUBSUB_BILLING}
    graph = scan_repository(_repo(tmp_path, files | {"emails/app.py": PUBSUB_EMAILS}))
    topic = graph.node("queue:orders")
    assert topic is not None and topic.technology == "pubsub"
    assert graph.edge("service:orders", "queue:orders", EdgeKind.PUBLISH) is not None
    consume = graph.edge("service:billing", "queue:orders", EdgeKind.CONSUME)
    assert consume is not None
    assert consume.detail == {
        "topics": frozenset({"orders"}),
        "queues": frozenset({"orders-billing"}),
    }
    subscription = graph.node("queue:orders-emails")
    assert subscription is not None and subscription.attributes == {"type": "subscription"}
    assert graph.edge("service:emails", "queue:orders-emails", EdgeKind.CONSUME) is not None


MEMCACHED_COMPOSE = """
services:
  web:
    build: ./web
    environment:
      MEMCACHED_SERVERS: memcached:11211,memcached-2:11211
  memcached:
    image: memcached:1.6
  memcached-2:
    image: memcached:1.6
"""
MEMCACHED_WEB = """
import os
import pylibmc
from pymemcache.client.base import Client
sessions = Client(("memcached", 11211))
pages = pylibmc.Client(os.environ["MEMCACHED_SERVERS"].split(","))
"""


def test_memcached_client_is_a_cache_edge_when_compose_declares_the_server(
    tmp_path: Path,
) -> None:
    files = {"docker-compose.yml": MEMCACHED_COMPOSE, "web/app.py": MEMCACHED_WEB}
    graph = scan_repository(_repo(tmp_path, files))
    node = graph.node("datastore:memcached")
    assert node is not None and node.kind == NodeKind.DATASTORE
    assert node.technology == "memcached"
    edge = graph.edge("service:web", "datastore:memcached", EdgeKind.CACHE)
    assert edge is not None
    assert {(e.path, e.line) for e in edge.evidence} >= {("web/app.py", 5), ("web/app.py", 6)}


REQUEST_COMPOSE = """
services:
  checkout:
    build: ./checkout
  pricing:
    build: ./pricing
  nats:
    image: nats:2.10
  redis:
    image: redis:7
"""
REQUEST_CHECKOUT = """
import nats
from faststream.redis import RedisBroker
redis_broker = RedisBroker("redis://redis:6379")

async def quote() -> None:
    nc = await nats.connect("nats://nats:4222")
    await nc.request("pricing.quote", b"{}", timeout=1)
    await redis_broker.publish(b"{}", list="jobs:thumbnails")
"""
REQUEST_PRICING = """
import nats

async def serve() -> None:
    nc = await nats.connect("nats://nats:4222")
    async def reply(msg) -> None:
        await nc.publish(msg.reply, b"{}")
    await nc.subscribe("pricing.quote", cb=reply)
"""


def test_request_and_responder_meet_at_the_subject_when_one_requests_and_one_subscribes(
    tmp_path: Path,
) -> None:
    files = {"docker-compose.yml": REQUEST_COMPOSE, "checkout/app.py": REQUEST_CHECKOUT}
    graph = scan_repository(_repo(tmp_path, files | {"pricing/app.py": REQUEST_PRICING}))
    assert graph.edge("service:checkout", "queue:pricing.quote", EdgeKind.PUBLISH) is not None
    assert graph.edge("service:pricing", "queue:pricing.quote", EdgeKind.CONSUME) is not None
    assert not [d for d in graph.diagnostics if d.path == "pricing/app.py"]


def test_faststream_redis_list_is_a_queue_when_only_one_side_is_in_the_repository(
    tmp_path: Path,
) -> None:
    files = {"docker-compose.yml": REQUEST_COMPOSE, "checkout/app.py": REQUEST_CHECKOUT}
    graph = scan_repository(_repo(tmp_path, files | {"pricing/app.py": REQUEST_PRICING}))
    jobs = graph.node("queue:jobs:thumbnails")
    assert jobs is not None and jobs.attributes == {"type": "list", "broker": "redis"}
    edge = graph.edge("service:checkout", "queue:jobs:thumbnails", EdgeKind.PUBLISH)
    assert edge is not None and edge.detail == {"queues": frozenset({"jobs:thumbnails"})}


KAFKA_HELPER = """
from aiokafka import AIOKafkaProducer

producer = AIOKafkaProducer(bootstrap_servers="kafka:9092")


async def _send(topic: str, payload: bytes) -> None:
    await producer.send_and_wait(topic, payload)


async def on_order(payload: bytes) -> None:
    await _send("payments.requested", payload)
    await _send("stock.reserve", payload)
"""


def test_publish_helper_gives_one_edge_per_topic_when_called_with_several(tmp_path: Path) -> None:
    compose = "services:\n  orders:\n    build: ./orders\n  kafka:\n    image: bitnami/kafka\n"
    root = _repo(tmp_path, {"docker-compose.yml": compose, "orders/app.py": KAFKA_HELPER})
    graph = scan_repository(root)
    published = {e.target for e in graph.edges(EdgeKind.PUBLISH)}
    assert published == {"queue:payments.requested", "queue:stock.reserve"}
    assert not [d for d in graph.diagnostics if d.code == "unresolved-destination"]
