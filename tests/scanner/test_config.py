"""Configuration readers: compose (both environment forms, env_file, interpolation, ports,
fixed IPs, mounts, build args), .env files, the shared interpolation rules and Kubernetes
manifests (dependent variables, Service addresses, overlay copies)."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog_api.model import EdgeKind
from scanner import scan_repository
from scanner.config.compose import ComposeService, parse_compose
from scanner.config.dotenv import EnvEntry, parse_dotenv
from scanner.config.interpolate import interpolate
from scanner.config.kubernetes import kubernetes_services
from scanner.config.yamlfile import load_documents
from scanner.endpoints import compose_addresses

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


def test_pass_through_variables_take_the_project_env_value_when_it_has_one() -> None:
    [doc] = load_documents(COMPOSE)
    project = {"DB_NAME": "app", "PASSED_THROUGH": "from-dotenv", "EMPTY": "also"}
    compose = parse_compose(doc, "deploy/docker-compose.yml", project, {}.get)
    services = {s.name: s for s in compose}
    assert services["worker"].environment["PASSED_THROUGH"].value == "from-dotenv"
    assert services["worker"].environment["PASSED_THROUGH"].line == 25
    assert services["api"].environment["EMPTY"].value == "also"


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


def test_dotenv_expands_earlier_variables_when_referenced_outside_single_quotes() -> None:
    text = "HOST=db\nURL=postgres://u@${HOST}:5432/${NAME:-app}\nRAW='${HOST}'\nPW=pa$word\n"
    parsed = {k: e.value for k, e in parse_dotenv(text, ".env").items()}
    assert parsed["URL"] == "postgres://u@db:5432/app"
    assert parsed["RAW"] == "${HOST}" and parsed["PW"] == "pa$word"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("${A}", "1"),
        ("$A/x", "1/x"),
        ("${MISSING:-d}", "d"),
        ("${EMPTY:-d}", "d"),
        ("${EMPTY-d}", ""),
        ("${MISSING:d}", "d"),  # Spring's spelling, common in YAML settings
        ("${A:+alt}", "alt"),
        ("${MISSING:+alt}", ""),
        ("${MISSING:?must be set}", ""),
        ("$$A", "$A"),
    ],
)
def test_interpolation_follows_compose_rules_when_a_value_refers_to_variables(
    text: str, expected: str
) -> None:
    assert interpolate(text, {"A": "1", "EMPTY": ""}) == expected


def _no_env_file(path: str) -> dict[str, EnvEntry] | None:
    return None


ADDRESSED = """
services:
  db:
    image: postgres:16
    ports:
      - "127.0.0.1:15432:5432"
      - target: 9187
        published: "19187"
      - "8000-8010:8000-8010"
    expose: ["5433"]
    networks:
      backend:
        ipv4_address: 10.0.3.7
        aliases: [pg]
    volumes:
      - ./initdb:/docker-entrypoint-initdb.d:ro
      - data:/var/lib/postgresql/data
      - type: bind
        source: ../../outside
        target: /x
  web:
    build:
      context: ./web
      target: runtime
      args: [PORT=9000]
"""


def test_ports_ips_mounts_and_build_args_are_read_when_a_service_declares_them() -> None:
    [doc] = load_documents(ADDRESSED)
    services = {s.name: s for s in parse_compose(doc, "deploy/compose.yml", {}, _no_env_file)}
    db = services["db"]
    assert db.ports == ["127.0.0.1:15432:5432", "19187:9187", "8000-8010:8000-8010"]
    assert db.expose == ["5433"] and db.ip_addresses == {"10.0.3.7"}
    assert db.mounts == ["deploy/initdb"]  # named volumes and paths outside are not ours
    assert services["web"].build_target == "runtime"
    assert services["web"].build_args == {"PORT": "9000"}


def test_compose_addresses_pair_fixed_ips_with_container_ports_when_declared() -> None:
    [doc] = load_documents(ADDRESSED)
    db = next(s for s in parse_compose(doc, "compose.yml", {}, _no_env_file) if s.name == "db")
    assert compose_addresses(db, "postgres") == {
        "127.0.0.1:15432",
        "127.0.0.1:19187",
        "localhost:19187",
        "10.0.3.7:5432",
        "10.0.3.7:9187",
        "10.0.3.7:5433",
    }


def test_default_port_completes_a_fixed_ip_when_no_port_is_declared() -> None:
    [doc] = load_documents(
        "services:\n  cache:\n    image: redis:7\n    networks:\n"
        "      n:\n        ipv6_address: 'fd00::7'\n"
    )
    [cache] = parse_compose(doc, "compose.yml", {}, _no_env_file)
    assert compose_addresses(cache, "redis") == {"[fd00::7]:6379"}
    assert compose_addresses(cache, None) == {"[fd00::7]"}


K8S_BASE = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: node:20
          env:
            - {name: HOST, value: orders}
            - {name: URL, value: "http://$(HOST):8000/$(LATER)"}
            - {name: ESCAPED, value: "$$(HOST)"}
            - {name: LATER, value: x}
---
apiVersion: v1
kind: Service
metadata: {name: web-svc}
spec:
  selector: {app: web}
  clusterIP: 10.96.0.10
  externalIPs: [203.0.113.5]
  ports: [{port: 80, targetPort: 3000}]
"""
K8S_OVERLAY = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: web
          env:
            - {name: HOST, value: orders-canary}
            - {name: ONLY_HERE, value: "1"}
"""


def test_kubernetes_env_expands_earlier_variables_when_written_as_dollar_parens() -> None:
    [web] = kubernetes_services({"k8s/web.yaml": load_documents(K8S_BASE)}).services
    env = {k: e.value for k, e in web.env.items()}
    assert env["URL"] == "http://orders:8000/$(LATER)"  # only earlier ones, as the kubelet
    assert env["ESCAPED"] == "$(HOST)"
    assert web.image == "node:20" and web.kubernetes


def test_kubernetes_service_ips_and_ports_are_addresses_when_it_selects_the_workload() -> None:
    [web] = kubernetes_services({"k8s/web.yaml": load_documents(K8S_BASE)}).services
    assert web.addresses == {"10.96.0.10:80", "203.0.113.5:80"}
    assert web.aliases == {"web-svc"}


def test_overlay_copy_only_fills_in_when_the_base_declares_the_workload() -> None:
    docs = {
        "deploy/overlays/prod/patch.yaml": load_documents(K8S_OVERLAY),
        "deploy/base/web.yaml": load_documents(K8S_BASE),
        "a-release/bundles/web.yaml": load_documents(K8S_BASE.replace("orders", "v1-orders")),
    }
    [web] = kubernetes_services(docs).services
    env = {k: e.value for k, e in web.env.items()}
    assert env["HOST"] == "orders"  # the base's value, whatever the paths sort as
    assert env["ONLY_HERE"] == "1"
    assert web.declared_by is not None and web.declared_by[0] == "deploy/base/web.yaml"


def test_kubernetes_datastore_image_is_classified_when_no_compose_file_declares_it() -> None:
    manifest = load_documents(
        "kind: StatefulSet\nmetadata: {name: db}\nspec:\n  template:\n    spec:\n"
        "      containers: [{name: pg, image: 'bitnami/postgresql:16'}]\n"
    )
    [db] = kubernetes_services({"k8s/db.yaml": manifest}).services
    assert db.image_kind is not None and db.image_kind.technology == "postgres"


def test_grpc_ports_are_known_when_named_probed_or_declared_by_app_protocol() -> None:
    manifest = load_documents(
        """
kind: Deployment
metadata: {name: catalog}
spec:
  template:
    metadata: {labels: {app: catalog}}
    spec:
      containers:
        - name: server
          image: catalog
          ports: [{containerPort: 3550}, {name: grpc-admin, containerPort: 9000}]
          livenessProbe: {grpc: {port: 3550}}
---
kind: Service
metadata: {name: catalog}
spec:
  selector: {app: catalog}
  ports:
    - {name: api, port: 80, targetPort: 3550}
    - {name: h2, port: 81, targetPort: 8081, appProtocol: kubernetes.io/h2c}
    - {name: web, port: 8080}
"""
    )
    [catalog] = kubernetes_services({"k8s/catalog.yaml": manifest}).services
    assert catalog.grpc_ports == {3550, 80, 9000, 81, 8081}
    assert catalog.ports == {3550, 9000, 80, 81, 8080}


def test_external_links_name_the_service_running_the_container_when_declared_here() -> None:
    [doc] = load_documents(
        "services:\n"
        "  mysql:\n    container_name: shop-mysql\n    image: mysql:5.7\n"
        "  model:\n    build: ./model\n"
        "    external_links: [shop-mysql:db, legacy_cache:cache]\n"
        "    links: [redis:sessions]\n"
        "  redis:\n    image: redis:7\n"
    )
    services = {s.name: s for s in parse_compose(doc, "compose.yml", {}, _no_env_file)}
    assert services["model"].links == {"mysql": "db", "legacy_cache": "cache", "redis": "sessions"}


def test_kubernetes_container_is_a_datastore_when_it_listens_with_its_servers_init_env() -> None:
    manifest = load_documents(
        "kind: StatefulSet\nmetadata: {name: accounts-db}\nspec:\n  template:\n    spec:\n"
        "      containers:\n      - name: db\n        image: gcr.io/acme/accounts-db:v1\n"
        "        env: [{name: POSTGRES_DB, value: accounts}]\n"
        "        ports: [{containerPort: 5432}]\n"
        "---\nkind: Deployment\nmetadata: {name: userservice}\nspec:\n  template:\n"
        "    spec:\n      containers:\n      - name: app\n        image: python:3.12\n"
        "        env: [{name: POSTGRES_DB, value: accounts}]\n"
        "        ports: [{containerPort: 5432}]\n"
    )
    db, app = kubernetes_services({"k8s/db.yaml": manifest}).services
    assert db.image_kind is not None and db.image_kind.technology == "postgres"
    assert app.image_kind is None  # a Python image runs a client, whatever it sets


def test_braces_in_yaml_strings_are_read_and_helm_templates_are_reported(tmp_path: Path) -> None:
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  web:\n    image: nginx:1.27\n"
        '    logging: {driver: fluentd, options: {tag: "{{.Name}}"}}\n'
    )
    chart = tmp_path / "charts/web/templates"
    chart.mkdir(parents=True)
    (chart / "deployment.yaml").write_text("metadata:\n  name: {{ .Release.Name }}-web\n")
    graph = scan_repository(tmp_path)
    assert graph.node("service:web") is not None
    templates = [d.path for d in graph.diagnostics if d.code == "yaml-template"]
    assert templates == ["charts/web/templates/deployment.yaml"]


def test_pwd_in_a_build_context_is_the_compose_files_directory(tmp_path: Path) -> None:
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy/docker-compose.yml").write_text(
        "services:\n  web:\n    build: ${PWD}/web\n"
        "    environment:\n      ORDERS_URL: http://orders:8000\n"
        "  orders:\n    build:\n      context: ${PWD}/orders\n"
    )
    for name, code in (
        ("web/app.py", 'import os, requests\nrequests.get(os.environ["ORDERS_URL"] + "/o")\n'),
        ("orders/app.py", "from flask import Flask\napp = Flask(__name__)\n"),
    ):
        (tmp_path / "deploy" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "deploy" / name).write_text(code)
    graph = scan_repository(tmp_path)
    edge = graph.edge("service:web", "service:orders", EdgeKind.HTTP)
    assert edge is not None
    assert ("deploy/web/app.py", 2) in {(e.path, e.line) for e in edge.evidence}
