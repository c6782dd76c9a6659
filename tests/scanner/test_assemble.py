"""Assembly rules: service boundaries, naming of targets, and what becomes a diagnostic."""

from __future__ import annotations

from pathlib import Path

from catalog_api.model import EdgeKind
from scanner import scan_repository
from tests.scanner.repo_files import write_repo


def _repo(root: Path, files: dict[str, str]) -> Path:
    write_repo(root, files)
    return root


K8S = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: billing}
spec:
  template:
    metadata: {labels: {app: billing}}
    spec:
      containers:
        - name: billing
          env: [{name: LEDGER_URL, value: "http://ledger-svc.prod.svc.cluster.local:80"}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ledger}
spec:
  template:
    metadata: {labels: {app: ledger}}
    spec: {containers: [{name: ledger}]}
---
apiVersion: v1
kind: Service
metadata: {name: ledger-svc}
spec: {selector: {app: ledger}}
"""


def test_kubernetes_names_services_when_there_is_no_compose_file(tmp_path: Path) -> None:
    root = _repo(
        tmp_path,
        {
            "deploy/app.yaml": K8S,
            "billing/Dockerfile": "",
            "billing/main.py": (
                "import os, httpx\nfrom fastapi import FastAPI\napp = FastAPI()\n"
                "httpx.post(os.environ['LEDGER_URL'] + '/entries')\n"
            ),
            "ledger/Dockerfile": "",
            "ledger/main.py": (
                "from fastapi import FastAPI\napp = FastAPI()\n"
                "@app.post('/entries')\ndef add(): ...\n"
            ),
        },
    )
    graph = scan_repository(root)
    edge = graph.edge("service:billing", "service:ledger", EdgeKind.HTTP)
    assert edge is not None
    assert edge.detail["routes"] == frozenset({"POST /entries"})
    ledger = graph.node("service:ledger")
    assert ledger is not None and "ledger-svc" in ledger.aliases and ledger.path == "ledger"


PODS = """
apiVersion: v1
kind: Pod
metadata: {name: gateway, labels: {app: gateway}}
spec:
  containers: [{name: gateway, image: acme/gateway}]
---
apiVersion: v1
kind: Pod
metadata: {name: inventory, labels: {app: inventory}}
spec:
  containers: [{name: inventory, image: acme/inventory}]
---
apiVersion: v1
kind: Service
metadata: {name: inventory-service}
spec: {selector: {app: inventory}}
"""


def test_bare_pods_are_workloads_whose_services_name_them_when_no_deployment_is_used(
    tmp_path: Path,
) -> None:
    root = _repo(
        tmp_path,
        {
            "k8s/pods.yaml": PODS,
            "gateway/Dockerfile": "",
            "gateway/main.py": (
                "import httpx\nfrom fastapi import FastAPI\napp = FastAPI()\n"
                "async def info():\n"
                "    async with httpx.AsyncClient() as client:\n"
                "        return await client.get('http://inventory-service/info')\n"
            ),
            "inventory/Dockerfile": "",
            "inventory/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
        },
    )
    graph = scan_repository(root)
    assert graph.edge("service:gateway", "service:inventory", EdgeKind.HTTP) is not None
    assert graph.node("external:inventory-service") is None


def test_sqlite_and_s3_are_named_by_file_and_bucket_when_used(tmp_path: Path) -> None:
    code = (
        "import boto3\nfrom sqlalchemy import create_engine\n"
        "engine = create_engine('sqlite:///data/app.db')\n"
        "boto3.client('s3').put_object(Bucket='invoices', Key='k', Body=b'')\n"
    )
    graph = scan_repository(_repo(tmp_path, {"svc/pyproject.toml": "", "svc/app.py": code}))
    assert graph.edge("service:svc", "datastore:app.db", EdgeKind.DB) is not None
    bucket = graph.node("datastore:invoices")
    assert bucket is not None and bucket.technology == "s3"


def test_localhost_becomes_a_diagnostic_when_no_manifest_names_the_target(tmp_path: Path) -> None:
    code = "import requests\nrequests.get('http://localhost:8000/x')\n"
    graph = scan_repository(_repo(tmp_path, {"svc/setup.py": "", "svc/app.py": code}))
    assert [d.code for d in graph.diagnostics] == ["local-address"]
    assert graph.edges() == []


def test_secrets_are_masked_when_env_values_become_evidence(tmp_path: Path) -> None:
    compose = (
        "services:\n  api:\n    build: ./api\n    environment:\n"
        "      DATABASE_URL: postgresql://app:hunter2@db:5432/app\n  db:\n    image: postgres:16\n"
    )
    code = (
        "import os\nfrom sqlalchemy import create_engine\n"
        "create_engine(os.environ['DATABASE_URL'])\n"
    )
    graph = scan_repository(_repo(tmp_path, {"docker-compose.yml": compose, "api/app.py": code}))
    edge = graph.edge("service:api", "datastore:db", EdgeKind.DB)
    assert edge is not None
    notes = " ".join(e.note or "" for e in edge.evidence)
    assert "hunter2" not in notes and "***" in notes


def test_findings_outside_services_are_reported_when_compose_declares_code(tmp_path: Path) -> None:
    compose = "services:\n  api:\n    build: ./api\n"
    script = "import requests\nrequests.get('https://api.example.com/')\n"
    graph = scan_repository(
        _repo(tmp_path, {"docker-compose.yml": compose, "api/x.py": "", "scripts/seed.py": script})
    )
    assert [d.code for d in graph.diagnostics] == ["outside-services"]


def test_celery_worker_gets_the_tasks_when_it_shares_a_build_context_with_the_web_app(
    tmp_path: Path,
) -> None:
    compose = (
        "services:\n  web:\n    build: .\n    command: gunicorn app:app\n"
        "  worker:\n    build: .\n    command: celery -A tasks worker -l info\n"
        "  redis:\n    image: redis:7\n"
    )
    tasks = (
        "from celery import Celery\napp = Celery('t', broker='redis://redis:6379/0')\n"
        "@app.task\ndef work(): ...\n"
    )
    web = "from flask import Flask\napp = Flask(__name__)\n@app.route('/')\ndef index(): ...\n"
    graph = scan_repository(
        _repo(tmp_path, {"docker-compose.yml": compose, "tasks.py": tasks, "app.py": web})
    )
    assert graph.edge("service:worker", "queue:celery", EdgeKind.CONSUME) is not None
    web_node = graph.node("service:web")
    assert web_node is not None and web_node.routes == frozenset({"GET /"})


def test_router_prefix_comes_from_the_environment_when_mounted_with_a_settings_value(
    tmp_path: Path,
) -> None:
    files = {
        "docker-compose.yml": (
            "services:\n  api:\n    build: ./api\n    environment:\n      API_PREFIX: /api/v2\n"
        ),
        "api/app/__init__.py": "",
        "api/app/config.py": (
            "from pydantic_settings import BaseSettings\n"
            "class Settings(BaseSettings):\n    api_prefix: str = '/api/v1'\n"
            "settings = Settings()\n"
        ),
        "api/app/items.py": (
            "from fastapi import APIRouter\nrouter = APIRouter()\n"
            "@router.get('/items/{id}')\ndef item(id: int): ...\n"
        ),
        "api/app/main.py": (
            "from fastapi import FastAPI\nfrom app import items\nfrom app.config import settings\n"
            "app = FastAPI()\napp.include_router(items.router, prefix=settings.api_prefix)\n"
        ),
    }
    node = scan_repository(_repo(tmp_path, files)).node("service:api")
    assert node is not None and node.routes == frozenset({"GET /api/v2/items/{id}"})


def test_dockerfile_directory_owns_the_code_when_services_share_the_root_context(
    tmp_path: Path,
) -> None:
    compose = (
        "services:\n"
        "  orders:\n    build:\n      context: .\n      dockerfile: services/orders/Dockerfile\n"
        "  billing:\n    build:\n      context: .\n      dockerfile: services/billing/Dockerfile\n"
    )
    call = "import requests\nrequests.post('http://orders/orders')\n"
    files = {
        "docker-compose.yml": compose,
        "services/orders/Dockerfile": "",
        "services/orders/app.py": "from flask import Flask\napp = Flask(__name__)\n",
        "services/billing/Dockerfile": "",
        "services/billing/charge.py": call,
    }
    graph = scan_repository(_repo(tmp_path, files))
    assert graph.edge("service:billing", "service:orders", EdgeKind.HTTP) is not None
    orders = graph.node("service:orders")
    assert orders is not None and orders.path == "services/orders"


def test_splatted_connection_is_unresolved_not_local_when_kwargs_may_carry_the_host(
    tmp_path: Path,
) -> None:
    code = "import redis\nOPTIONS = load()\ncache = redis.Redis(**OPTIONS)\n"
    graph = scan_repository(_repo(tmp_path, {"svc/setup.cfg": "", "svc/cache.py": code}))
    assert [d.code for d in graph.diagnostics] == ["unresolved-address"]


def test_service_dotenv_supplies_the_value_when_compose_does_not_set_it(tmp_path: Path) -> None:
    files = {
        "docker-compose.yml": "services:\n  api:\n    build: ./api\n",
        "api/.env": "BILLING_URL=http://billing.example.com\n",
        "api/app.py": "import os, requests\nrequests.get(os.environ['BILLING_URL'] + '/v1')\n",
    }
    graph = scan_repository(_repo(tmp_path, files))
    edge = graph.edge("service:api", "external:billing.example.com", EdgeKind.HTTP)
    assert edge is not None
    assert ("api/.env", 1) in {(e.path, e.line) for e in edge.evidence}


def test_wrapper_callers_each_give_a_route_when_they_pass_different_paths(
    tmp_path: Path,
) -> None:
    code = (
        "import os, requests\nBASE = os.environ['ORDERS_URL']\n"
        "class Orders:\n"
        "    def __init__(self):\n        self.s = requests.Session()\n"
        "    def _get(self, path):\n        return self.s.get(f'{BASE}{path}')\n"
        "    def one(self, order_id):\n        return self._get(f'/orders/{order_id}')\n"
        "    def all(self):\n        return self._get('/orders')\n"
    )
    files = {
        "svc/setup.py": "",
        "svc/.env": "ORDERS_URL=http://orders.internal:8000\n",
        "svc/client.py": code,
    }
    edge = scan_repository(_repo(tmp_path, files)).edge(
        "service:svc", "external:orders.internal", EdgeKind.HTTP
    )
    assert edge is not None
    assert edge.detail["routes"] == frozenset({"GET /orders", "GET /orders/{order_id}"})
