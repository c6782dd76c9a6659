"""Configuration readers: compose (both environment forms, env_file, interpolation),
.env files and Kubernetes manifests."""

from __future__ import annotations

from scanner.config.compose import ComposeService, parse_compose
from scanner.config.dotenv import EnvEntry, parse_dotenv
from scanner.config.kubernetes import kubernetes_services
from scanner.config.yamlfile import load_documents

COMPOSE = """
x-env: &common
  LOG_LEVEL: info
services:
  api:
    build:
      context: ../services/api
    environment:
      <<: *common
      DB_URL: postgresql://u@${DB_HOST:-db}:5432/${DB_NAME}
      EMPTY:
    env_file:
      - api.env
    depends_on:
      db:
        condition: service_healthy
    ports: ["8000:8000"]
    networks:
      default:
        aliases: [api.internal]
  worker:
    build: .
    environment:
      - QUEUE=jobs
      - PASSED_THROUGH
    depends_on: [api]
    command: ["celery", "-A", "w", "worker"]
  db:
    image: postgres:16
"""


def _services() -> dict[str, ComposeService]:
    [doc] = load_documents(COMPOSE)
    env_files = {"deploy/api.env": {"FROM_FILE": EnvEntry("1", "deploy/api.env", 1)}}
    services = parse_compose(doc, "deploy/docker-compose.yml", {"DB_NAME": "app"}, env_files.get)
    return {s.name: s for s in services}


def test_map_environment_is_interpolated_when_project_env_and_defaults_apply() -> None:
    api = _services()["api"]
    assert api.environment["DB_URL"].value == "postgresql://u@db:5432/app"
    assert api.environment["DB_URL"].line == 10
    assert api.environment["LOG_LEVEL"].value == "info"
    assert "EMPTY" not in api.environment


def test_env_file_and_build_context_resolve_when_relative_to_the_compose_file() -> None:
    api = _services()["api"]
    assert api.build_context == "services/api"
    assert api.env_files == ["deploy/api.env"]
    assert api.environment["FROM_FILE"].value == "1"


def test_list_environment_skips_pass_through_variables_when_they_have_no_value() -> None:
    worker = _services()["worker"]
    assert {k: e.value for k, e in worker.environment.items()} == {"QUEUE": "jobs"}
    assert worker.build_context == "deploy"
    assert worker.command == "celery -A w worker"


def test_depends_on_ports_and_aliases_are_read_when_in_either_form() -> None:
    services = _services()
    assert services["api"].depends_on == ["db"]
    assert services["worker"].depends_on == ["api"]
    assert services["api"].ports == ["8000:8000"]
    assert services["api"].hostnames == {"api.internal"}
    assert services["db"].image == "postgres:16"


def test_dotenv_handles_quotes_export_and_comments_when_parsed() -> None:
    text = "# c\nexport A=1\nB=\"two words\"\nC=three # note\nD='x#y'\nnot a line\n"
    parsed = {k: e.value for k, e in parse_dotenv(text, ".env").items()}
    assert parsed == {"A": "1", "B": "two words", "C": "three", "D": "x#y"}


def test_kubernetes_workload_gets_configmap_env_and_service_alias_when_selected() -> None:
    manifests = load_documents(
        """
apiVersion: v1
kind: ConfigMap
metadata: {name: orders-config}
data: {INVENTORY_URL: "http://inventory:8000"}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: orders}
spec:
  template:
    metadata: {labels: {app: orders}}
    spec:
      containers:
        - name: orders
          envFrom: [{configMapRef: {name: orders-config}}]
          env:
            - {name: PAYMENTS_URL, value: "http://payments:8080"}
            - name: SECRET
              valueFrom: {secretKeyRef: {name: s, key: k}}
---
apiVersion: v1
kind: Service
metadata: {name: orders-svc}
spec: {selector: {app: orders}}
"""
    )
    [service] = kubernetes_services({"k8s/orders.yaml": manifests}).services
    assert service.name == "orders"
    assert service.aliases == {"orders-svc"}
    assert {k: e.value for k, e in service.env.items()} == {
        "INVENTORY_URL": "http://inventory:8000",
        "PAYMENTS_URL": "http://payments:8080",
    }
