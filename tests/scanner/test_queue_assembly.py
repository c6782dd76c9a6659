"""Assembly of the queue and table findings of the boto3, kombu, RQ and dramatiq detectors:
the node names the conventions ask for, resolved against each service's environment."""

from __future__ import annotations

from pathlib import Path

from catalog_api.model import EdgeKind, NodeKind
from scanner import scan_repository
from tests.scanner.repo_files import write_repo

COMPOSE = """
services:
  orders:
    build: ./orders
    environment:
      ORDERS_QUEUE_URL: http://localstack:4566/000000000000/order-created
      EVENTS_TOPIC_ARN: arn:aws:sns:eu-west-1:000000000000:order-events
  shipping:
    build: ./shipping
    environment:
      ORDERS_QUEUE_URL: http://localstack:4566/000000000000/order-created
  localstack:
    image: localstack/localstack
"""
ORDERS = """
import os
import boto3
sqs = boto3.client("sqs", endpoint_url="http://localstack:4566")
sns = boto3.client("sns")
carts = boto3.resource("dynamodb").Table("carts")
sqs.send_message(QueueUrl=os.environ["ORDERS_QUEUE_URL"], MessageBody="{}")
sns.publish(TopicArn=os.environ["EVENTS_TOPIC_ARN"], Message="{}")
"""
CLIENTS = """
import boto3
sqs = boto3.client("sqs")
"""
SHIPPING = """
import os
from clients import sqs
sqs.receive_message(QueueUrl=os.environ["ORDERS_QUEUE_URL"])
sqs.receive_message(QueueUrl=os.environ["RETURNS_QUEUE_URL"])
"""


def _repo(root: Path, files: dict[str, str]) -> Path:
    write_repo(root, files)
    return root


def test_sqs_and_sns_nodes_are_named_by_url_and_arn_tails_when_env_gives_them(
    tmp_path: Path,
) -> None:
    files = {"docker-compose.yml": COMPOSE, "orders/app.py": ORDERS, "shipping/app.py": SHIPPING}
    files["shipping/clients.py"] = CLIENTS
    graph = scan_repository(_repo(tmp_path, files))
    queue, topic = graph.node("queue:order-created"), graph.node("queue:order-events")
    assert queue is not None and queue.technology == "sqs"
    assert topic is not None and topic.technology == "sns"
    assert graph.edge("service:orders", "queue:order-created", EdgeKind.PUBLISH) is not None
    assert graph.edge("service:shipping", "queue:order-created", EdgeKind.CONSUME) is not None
    edge = graph.edge("service:orders", "queue:order-events", EdgeKind.PUBLISH)
    assert edge is not None and edge.detail["topics"] == frozenset({"order-events"})
    table = graph.node("datastore:carts")
    assert table is not None and table.kind == NodeKind.DATASTORE
    assert table.technology == "dynamodb"
    assert graph.edge("service:orders", "datastore:carts", EdgeKind.DB) is not None


def test_unset_queue_url_is_a_diagnostic_when_no_service_env_gives_it(tmp_path: Path) -> None:
    files = {"docker-compose.yml": COMPOSE, "orders/app.py": ORDERS, "shipping/app.py": SHIPPING}
    files["shipping/clients.py"] = CLIENTS
    graph = scan_repository(_repo(tmp_path, files))
    found = [d for d in graph.diagnostics if d.code == "unresolved-destination"]
    assert [(d.path, "RETURNS_QUEUE_URL" in d.message) for d in found] == [
        ("shipping/app.py", True)
    ]


def test_worker_and_caller_share_the_queue_node_when_rq_and_dramatiq_are_used(
    tmp_path: Path,
) -> None:
    compose = "services:\n  web:\n    build: ./web\n  worker:\n    build: ./worker\n"
    tasks = "import dramatiq\n@dramatiq.actor(queue_name='emails')\ndef send_email(to): ...\n"
    web = (
        "from redis import Redis\nfrom rq import Queue\nfrom tasks import send_email\n"
        "Queue('images', connection=Redis(host='redis')).enqueue('worker.resize')\n"
        "send_email.send('a@b.c')\n"
    )
    worker = "from redis import Redis\nfrom rq import Worker\nWorker(['images']).work()\n"
    files = {
        "docker-compose.yml": compose,
        "web/app.py": web,
        "web/tasks.py": tasks,
        "worker/app.py": worker,
    }
    graph = scan_repository(_repo(tmp_path, files))
    images = graph.node("queue:images")
    assert images is not None and images.technology == "rq"
    publish = graph.edge("service:web", "queue:images", EdgeKind.PUBLISH)
    assert publish is not None and publish.detail["tasks"] == frozenset({"worker.resize"})
    assert graph.edge("service:worker", "queue:images", EdgeKind.CONSUME) is not None
    emails = graph.node("queue:emails")
    assert emails is not None and emails.technology == "dramatiq"
    assert graph.edge("service:web", "queue:emails", EdgeKind.PUBLISH) is not None


def test_kombu_consumer_reads_the_exchange_when_its_queue_is_bound_to_one(
    tmp_path: Path,
) -> None:
    code = (
        "from kombu import Connection, Consumer, Exchange, Queue\n"
        "conn = Connection('amqp://rabbitmq//')\n"
        "q = Queue('billing', Exchange('orders', type='topic'), routing_key='order.*')\n"
        "Consumer(conn.channel(), queues=[q])\n"
    )
    graph = scan_repository(_repo(tmp_path, {"billing/setup.py": "", "billing/app.py": code}))
    edge = graph.edge("service:billing", "queue:orders", EdgeKind.CONSUME)
    assert edge is not None and edge.detail["queues"] == frozenset({"billing"})
    exchange = graph.node("queue:orders")
    assert exchange is not None and exchange.technology == "rabbitmq"


def test_arq_api_publishes_and_the_worker_run_by_its_settings_class_consumes(
    tmp_path: Path,
) -> None:
    compose = (
        "services:\n  api:\n    build: ./users\n    command: uvicorn app.main:app\n"
        "    environment:\n      REDIS_HOST: redis\n"
        "  worker:\n    build: ./users\n    command: arq app.worker.WorkerSettings\n"
        "    environment:\n      REDIS_HOST: redis\n"
        "  redis:\n    image: redis:7\n"
    )
    redis = (
        "import os\nfrom arq.connections import RedisSettings\n"
        "settings = RedisSettings(host=os.environ['REDIS_HOST'], port=6379)\n"
    )
    main = (
        "from arq import create_pool\nfrom app.redis import settings\n"
        "async def send(word):\n"
        "    pool = await create_pool(settings)\n"
        "    await pool.enqueue_job('test_task', word)\n"
    )
    worker = (
        "from app.redis import settings\n"
        "async def test_task(ctx, word): ...\n"
        "class WorkerSettings:\n    functions = [test_task]\n    redis_settings = settings\n"
    )
    files = {
        "docker-compose.yml": compose,
        "users/app/__init__.py": "",
        "users/app/redis.py": redis,
        "users/app/main.py": main,
        "users/app/worker.py": worker,
    }
    graph = scan_repository(_repo(tmp_path, files))
    queue = graph.node("queue:arq:queue")
    assert queue is not None and queue.technology == "arq"
    assert queue.attributes.get("broker") == "redis"
    publish = graph.edge("service:api", "queue:arq:queue", EdgeKind.PUBLISH)
    assert publish is not None and publish.detail["tasks"] == frozenset({"test_task"})
    consume = graph.edge("service:worker", "queue:arq:queue", EdgeKind.CONSUME)
    assert consume is not None and consume.detail["tasks"] == frozenset({"test_task"})
    assert graph.edge("service:worker", "queue:arq:queue", EdgeKind.PUBLISH) is None
    assert graph.edge("service:api", "queue:arq:queue", EdgeKind.CONSUME) is None
