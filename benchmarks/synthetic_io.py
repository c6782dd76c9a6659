"""The I/O parts of a synthetic service: its settings module, its web app and the modules
that talk to other services, databases, caches, brokers and object storage.

Each writer returns ``(import lines, code lines)``; :func:`synthetic_modules.business_module`
pads them with business logic to the file size drawn for them. Addresses always come from
the service's settings module, as in real services, so the scanner has to resolve them
through settings defaults and the compose environment.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from synthetic_code import plural

Part = tuple[list[str], list[str]]


@dataclass
class ServiceSpec:
    """What one synthetic service is and what it talks to."""

    name: str  # compose name, e.g. ``order-history``
    framework: str  # fastapi | flask
    settings_style: str  # pydantic | environ
    resources: list[str]  # nouns it serves: ``/orders/{order_id}``
    calls: list[tuple[str, str]] = field(default_factory=list)  # (callee, requests | httpx)
    database: str | None = None  # postgres | mysql
    redis: str | None = None  # compose name of the Redis it caches in
    messaging: str | None = None  # pika | kafka
    topic: str | None = None  # exchange or topic it publishes
    consumes: str | None = None  # Kafka topic it consumes
    celery: bool = False  # runs a Celery worker next to its app
    sends_tasks: list[str] = field(default_factory=list)  # services whose tasks it sends
    bucket: str | None = None  # S3 bucket it writes

    @property
    def package(self) -> str:
        return self.name.replace("-", "_")

    @property
    def port(self) -> int:
        return 8000 if self.framework == "fastapi" else 5000

    def env(self, specs: dict[str, ServiceSpec]) -> dict[str, str]:
        """Environment variables and their compose values (the settings defaults match)."""
        env: dict[str, str] = {}
        user = self.package
        if self.database == "postgres":
            env["DATABASE_URL"] = f"postgresql+psycopg://{user}:{user}@{self.name}-db:5432/{user}"
        elif self.database == "mysql":
            env["DATABASE_URL"] = f"mysql+pymysql://{user}:{user}@{self.name}-db:3306/{user}"
        if self.redis:
            env["REDIS_URL"] = f"redis://{self.redis}:6379/0"
        for callee, _ in self.calls:
            env[f"{callee.upper().replace('-', '_')}_URL"] = f"http://{callee}:{specs[callee].port}"
        if self.messaging == "pika":
            env["AMQP_URL"] = "amqp://guest:guest@rabbitmq:5672/%2F"
        if self.messaging == "kafka" or self.consumes:
            env["KAFKA_BOOTSTRAP_SERVERS"] = "kafka:9092"
        if self.celery or self.sends_tasks:
            env["CELERY_BROKER_URL"] = "redis://redis-queue:6379/0"
        if self.bucket:
            env["S3_ENDPOINT_URL"] = "http://minio:9000"
            env["REPORTS_BUCKET"] = self.bucket
        return env

    def ref(self, var: str) -> str:
        """The expression code uses to read a setting."""
        return f"settings.{var.lower() if self.settings_style == 'pydantic' else var}"

    def settings_import(self) -> str:
        if self.settings_style == "pydantic":
            return f"from {self.package}.settings import settings"
        return f"from {self.package} import settings"


def settings_module(spec: ServiceSpec, env: dict[str, str]) -> str:
    doc = f'"""{spec.name} configuration, read from the environment (compose sets it)."""'
    if spec.settings_style == "pydantic":
        fields = [f'    {k.lower()}: str = "{v}"' for k, v in env.items()]
        body = [
            "from pydantic_settings import BaseSettings",
            "",
            "",
            "class Settings(BaseSettings):",
            '    """Where this service\'s collaborators live; defaults are the compose names."""',
            "",
            *fields,
            "    http_timeout_seconds: float = 5.0",
            "",
            "",
            "settings = Settings()",
        ]
    else:
        lines = [f'{k} = os.environ.get("{k}", "{v}")' for k, v in env.items()]
        body = [
            "import os",
            "",
            *lines,
            'HTTP_TIMEOUT_SECONDS = float(os.getenv("HTTP_TIMEOUT", "5"))',
        ]
    return "\n".join([doc, "", "from __future__ import annotations", "", *body, ""])


def routes_of(spec: ServiceSpec) -> list[tuple[str, str]]:
    """(method, path) of every route the service serves, FastAPI path syntax."""
    out = []
    for noun in spec.resources:
        base = f"/{plural(noun)}"
        out += [("GET", base), ("POST", base), ("GET", f"{base}/{{{noun}_id}}")]
    return out


def app_part(spec: ServiceSpec, rng: random.Random) -> Part:
    if spec.framework == "fastapi":
        head = ["from fastapi import APIRouter, FastAPI, HTTPException"]
        code = [f'app = FastAPI(title="{spec.name}")']
        for noun in spec.resources:
            router = f"{noun}_router"
            code += ["", f'{router} = APIRouter(prefix="/{plural(noun)}", tags=["{noun}"])']
            code += _handlers(noun, f"@{router}", "", rng)
            code += ["", f"app.include_router({router})"]
        return head, code
    head = ["from flask import Flask, abort, jsonify, request"]
    code = ["app = Flask(__name__)"]
    for noun in spec.resources:
        code += _handlers(noun, "@app", f"/{plural(noun)}", rng)
    return head, code


def _handlers(noun: str, deco: str, prefix: str, rng: random.Random) -> list[str]:
    flask = prefix != ""
    ident = f"<{noun}_id>" if flask else f"{{{noun}_id}}"
    store = f"_{plural(noun).upper()}"
    out = ["", f"{store}: dict[str, dict[str, object]] = {{}}"]
    out += ["", "", f'{deco}.get("{prefix}")' if flask else f'{deco}.get("")']
    out += [f"def list_{plural(noun)}() -> object:", f'    """Every {noun}, newest first."""']
    items = f"sorted({store}.values(), key=lambda r: str(r.get('created_at', '')), reverse=True)"
    out += [f"    return jsonify({items})" if flask else f"    return {items}"]
    out += ["", "", f'{deco}.get("{prefix}/{ident}")', f"def get_{noun}({noun}_id: str) -> object:"]
    out += [f"    found = {store}.get({noun}_id)", "    if found is None:"]
    out += [
        "        abort(404)" if flask else f'        raise HTTPException(404, "no such {noun}")'
    ]
    out += ["    return found"]
    payload = "request.get_json()" if flask else "payload"
    params = "" if flask else "payload: dict[str, object]"
    out += ["", "", f'{deco}.post("{prefix}")', f"def create_{noun}({params}) -> object:"]
    out += [
        f"    record = dict({payload})",
        f'    record.setdefault("status", "{rng.choice(["new", "open", "pending"])}")',
    ]
    out += [f"    {store}[str(record.get('id', len({store})))] = record", "    return record"]
    return out


def http_client_part(spec: ServiceSpec, callee: ServiceSpec, lib: str, rng: random.Random) -> Part:
    var = f"{callee.name.upper().replace('-', '_')}_URL"
    base = spec.ref(var)
    noun = rng.choice(callee.resources)
    many, one = f"/{plural(noun)}", f"/{plural(noun)}/{{{noun}_id}}"
    head = [f"import {lib}", "", spec.settings_import()]
    style = rng.choice(
        ["functions", "session", "client"] if lib == "requests" else ["client", "async"]
    )
    if style == "functions":
        code = [
            f"def fetch_{noun}({noun}_id: str) -> dict[str, object]:",
            f'    """One {noun} as {callee.name} has it."""',
            f'    response = requests.get(f"{{{base}}}{one}", timeout=5)',
            "    response.raise_for_status()",
            "    return dict(response.json())",
            "",
            "",
            f"def create_{noun}(payload: dict[str, object]) -> dict[str, object]:",
            f'    response = requests.post(f"{{{base}}}{many}", json=payload, timeout=5)',
            "    response.raise_for_status()",
            "    return dict(response.json())",
        ]
    elif style == "session":
        code = [
            "_session = requests.Session()",
            f'_session.headers["User-Agent"] = "{spec.name}"',
            "",
            "",
            f"def list_{plural(noun)}(limit: int = 100) -> list[dict[str, object]]:",
            f'    """{plural(noun).capitalize()} known to {callee.name}, at most ``limit``."""',
            f'    url = f"{{{base}}}{many}"',
            '    response = _session.get(url, params={"limit": limit}, timeout=5)',
            "    response.raise_for_status()",
            "    return list(response.json())",
        ]
    elif style == "client":
        cls = "".join(p.capitalize() for p in callee.name.split("-")) + "Client"
        code = [
            f"class {cls}:",
            f'    """Calls {callee.name}; one pooled client per process."""',
            "",
            "    def __init__(self) -> None:",
            f"        self._http = {lib}.Client(base_url={base}, timeout=5.0)"
            if lib == "httpx"
            else f"        self._http = {lib}.Session()",
            "",
            f"    def get_{noun}(self, {noun}_id: str) -> dict[str, object]:",
            f'        response = self._http.get(f"{one}")'
            if lib == "httpx"
            else f'        response = self._http.get(f"{{{base}}}{one}", timeout=5)',
            "        response.raise_for_status()",
            "        return dict(response.json())",
        ]
    else:
        code = [
            f"async def list_{plural(noun)}(region: str) -> list[dict[str, object]]:",
            f"    async with httpx.AsyncClient(base_url={base}, timeout=5.0) as client:",
            f'        response = await client.get("{many}", params={{"region": region}})',
            "        response.raise_for_status()",
            "        return list(response.json())",
        ]
    return head, code


def db_part(spec: ServiceSpec, rng: random.Random) -> Part:
    table = plural(rng.choice(spec.resources))
    head = [
        "from sqlalchemy import create_engine, text",
        "from sqlalchemy.orm import sessionmaker",
        "",
        spec.settings_import(),
    ]
    code = [
        f"engine = create_engine({spec.ref('DATABASE_URL')}, pool_pre_ping=True, pool_size=5)",
        "SessionLocal = sessionmaker(bind=engine, expire_on_commit=False)",
        "",
        "",
        f"def load_{table}(status: str) -> list[dict[str, object]]:",
        f'    """Rows of ``{table}`` in one status."""',
        "    with engine.connect() as conn:",
        f'        query = text("SELECT * FROM {table} WHERE status = :s")',
        '        rows = conn.execute(query, {"s": status})',
        "        return [dict(row._mapping) for row in rows]",
    ]
    return head, code


def cache_part(spec: ServiceSpec, rng: random.Random) -> Part:
    noun = rng.choice(spec.resources)
    head = ["import json", "", "import redis", "", spec.settings_import()]
    code = [
        f"cache = redis.Redis.from_url({spec.ref('REDIS_URL')}, decode_responses=True)",
        f"TTL_SECONDS = {rng.choice([30, 60, 300, 900])}",
        "",
        "",
        f"def cached_{noun}(key: str) -> dict[str, object] | None:",
        f'    raw = cache.get(f"{noun}:{{key}}")',
        "    return None if raw is None else dict(json.loads(raw))",
        "",
        "",
        f"def remember_{noun}(key: str, value: dict[str, object]) -> None:",
        f'    cache.set(f"{noun}:{{key}}", json.dumps(value), ex=TTL_SECONDS)',
    ]
    return head, code


def events_part(spec: ServiceSpec, rng: random.Random) -> Part:
    noun = rng.choice(spec.resources)
    if spec.messaging == "pika":
        head = ["import json", "", "import pika", "", spec.settings_import()]
        code = [
            f"def publish_{noun}_event(event: dict[str, object]) -> None:",
            f'    """Announce a {noun} change on the ``{spec.topic}`` exchange."""',
            f"    params = pika.URLParameters({spec.ref('AMQP_URL')})",
            "    connection = pika.BlockingConnection(params)",
            "    try:",
            "        channel = connection.channel()",
            f'        channel.exchange_declare(exchange="{spec.topic}", exchange_type="topic")',
            "        channel.basic_publish(",
            f'            exchange="{spec.topic}",',
            f'            routing_key="{noun}.updated",',
            "            body=json.dumps(event).encode(),",
            "        )",
            "    finally:",
            "        connection.close()",
        ]
        return head, code
    head = ["import json", "", "from kafka import KafkaProducer", "", spec.settings_import()]
    code = [
        "producer = KafkaProducer(",
        f"    bootstrap_servers={spec.ref('KAFKA_BOOTSTRAP_SERVERS')},",
        "    value_serializer=lambda v: json.dumps(v).encode(),",
        ")",
        "",
        "",
        f"def emit_{noun}_changed(event: dict[str, object]) -> None:",
        f'    producer.send("{spec.topic}", value=event)',
    ]
    return head, code


def consumer_part(spec: ServiceSpec) -> Part:
    head = ["from collections.abc import Callable", "", "from kafka import KafkaConsumer"]
    code = [
        "def consume_forever(handle: Callable[[bytes], None]) -> None:",
        f'    """Feed every ``{spec.consumes}`` record to ``handle``."""',
        "    consumer = KafkaConsumer(",
        f'        "{spec.consumes}",',
        f"        bootstrap_servers={spec.ref('KAFKA_BOOTSTRAP_SERVERS')},",
        f'        group_id="{spec.name}",',
        "    )",
        "    for message in consumer:",
        "        handle(message.value)",
    ]
    return [*head, "", spec.settings_import()], code


def worker_part(spec: ServiceSpec) -> Part:
    head = ["from celery import Celery", "", spec.settings_import()]
    return head, [f'app = Celery("{spec.package}", broker={spec.ref("CELERY_BROKER_URL")})']


def tasks_part(spec: ServiceSpec) -> Part:
    head = [f"from {spec.package}.worker import app"]
    code = []
    for noun in spec.resources:
        code += [
            f'@app.task(name="{spec.package}.rebuild_{noun}")',
            f"def rebuild_{noun}({noun}_id: str) -> None:",
            f'    """Recompute derived {noun} data in the background."""',
            f"    print({noun}_id)",
            "",
            "",
        ]
    return head, code[:-2]


def task_sender_part(spec: ServiceSpec, targets: list[ServiceSpec]) -> Part:
    head = ["from celery import Celery", "", spec.settings_import()]
    code = [f'celery_app = Celery("{spec.package}", broker={spec.ref("CELERY_BROKER_URL")})']
    for target in targets:
        noun = target.resources[0]
        code += [
            "",
            "",
            f"def request_{target.package}_rebuild({noun}_id: str) -> None:",
            f'    celery_app.send_task("{target.package}.rebuild_{noun}", args=[{noun}_id])',
        ]
    return head, code


def storage_part(spec: ServiceSpec) -> Part:
    head = ["import boto3", "", spec.settings_import()]
    code = [
        f's3 = boto3.client("s3", endpoint_url={spec.ref("S3_ENDPOINT_URL")})',
        "",
        "",
        "def store_report(key: str, body: bytes) -> None:",
        f"    s3.put_object(Bucket={spec.ref('REPORTS_BUCKET')}, Key=key, Body=body)",
    ]
    return head, code
