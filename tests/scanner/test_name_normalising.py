"""Manifest names join code directories spelled the same but for ``-``/``_`` and case, and never
merge two services that both exist under such spellings."""

from __future__ import annotations

from pathlib import Path

from catalog_api.graph import ServiceGraph
from catalog_api.model import NodeKind
from scanner import scan_repository
from scanner.code_names import spelled_like
from scanner.config.compose import ComposeService
from scanner.config.kubernetes import kubernetes_services
from scanner.config.yamlfile import load_documents
from scanner.mounted_code import mounted_code
from scanner.services import Service
from scanner.workload_copies import copied_service

CODE = frozenset(
    {
        "event_bus/Dockerfile",
        "event_bus/app.py",
        "posts/requirements.txt",
        "posts/app.py",
        "tools/event_bus_cli/run.py",  # no project marker: not a service's directory
    }
)

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: event-bus}
spec:
  template:
    metadata: {labels: {app: event-bus}}
    spec:
      containers: [{name: bus, image: acme/k8s-event-bus:1}]
"""

APP = "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get('/')\ndef root(): ...\n"


def _repo(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def _services(graph: ServiceGraph) -> dict[str, str | None]:
    return {n.name: n.path for n in graph.nodes() if n.kind == NodeKind.SERVICE}


def test_name_matches_the_directory_spelled_alike_but_for_hyphens_underscores_and_case() -> None:
    assert spelled_like(["event-bus"], CODE) == "event_bus"
    assert spelled_like(["Event-Bus"], CODE) == "event_bus"
    assert spelled_like([None, "missing", "EVENT_BUS"], CODE) == "event_bus"
    assert spelled_like(["event-bus-cli"], CODE) is None  # holds Python, but no marker


def test_name_is_left_to_the_exact_join_when_a_directory_is_spelled_exactly_so() -> None:
    assert spelled_like(["posts"], CODE) is None
    assert spelled_like(["event_bus"], CODE) is None


def test_project_nested_in_a_directory_spelled_alike_is_the_outer_directorys() -> None:
    nested = CODE | {"event_bus/event_bus/setup.py", "event_bus/event_bus/core.py"}
    assert spelled_like(["event-bus"], nested) == "event_bus"


def test_two_directories_spelled_alike_match_neither() -> None:
    both = CODE | {"event-bus/Dockerfile", "event-bus/main.py"}
    assert spelled_like(["Event-Bus"], both) is None
    assert spelled_like(["event-bus"], CODE, taken={"event_bus"}) is None


def test_workload_runs_the_code_directory_its_name_spells_with_underscores() -> None:
    [bus] = kubernetes_services({"k8s/bus.yaml": load_documents(DEPLOYMENT)}, CODE).services
    assert bus.name == "event-bus" and bus.path == "event_bus" and "event_bus" in bus.aliases
    [alone] = kubernetes_services({"k8s/bus.yaml": load_documents(DEPLOYMENT)}).services
    assert alone.path is None  # without the repository's files nothing is matched


def test_workload_matches_by_image_or_container_name_when_its_own_name_matches_nothing() -> None:
    renamed = DEPLOYMENT.replace("name: event-bus}", "name: bus-deployment}")
    [bus] = kubernetes_services({"k8s/bus.yaml": load_documents(renamed)}, CODE).services
    assert bus.path is None  # image k8s-event-bus, container bus: no directory
    by_image = renamed.replace("acme/k8s-event-bus:1", "acme/event-bus:1")
    [bus] = kubernetes_services({"k8s/bus.yaml": load_documents(by_image)}, CODE).services
    assert bus.path == "event_bus"
    by_container = renamed.replace("name: bus,", "name: Event-Bus,")
    [bus] = kubernetes_services({"k8s/bus.yaml": load_documents(by_container)}, CODE).services
    assert bus.path == "event_bus"


def test_datastore_workload_takes_no_code_directory() -> None:
    redis = DEPLOYMENT.replace("acme/k8s-event-bus:1", "redis:7")
    [bus] = kubernetes_services({"k8s/bus.yaml": load_documents(redis)}, CODE).services
    assert bus.path is None


def _compose(name: str, image: str | None = None, build: str | None = None) -> Service:
    spec = ComposeService(name, "docker-compose.yml", 1, image=image)
    spec.build_context = build
    return Service(name, build, compose=spec)


def test_workload_joins_the_compose_service_spelled_with_underscores_only_when_one_is() -> None:
    workload = Service("event-bus", None, kubernetes=True, image="acme/bus:1")
    bus = _compose("event_bus", build="event_bus")
    assert copied_service(workload, [bus, _compose("posts", build="posts")], CODE) is bus
    twins = [bus, _compose("Event_Bus", image="acme/bus:1")]
    assert copied_service(workload, twins, CODE) is None


def test_image_only_compose_service_runs_the_directory_its_name_spells_differently() -> None:
    spec = ComposeService("event-bus", "docker-compose.yml", 1, image="acme/event-bus:1")
    assert mounted_code(spec, CODE) == "event_bus"
    assert mounted_code(spec, CODE, built=["event_bus"]) is None  # another service's build
    spec.mounts = ["posts"]  # mounted code says where its code is
    assert mounted_code(spec, CODE) == "posts"


def test_compose_service_and_code_directory_spelled_apart_are_one_service(tmp_path: Path) -> None:
    compose = "services:\n  event-bus:\n    image: acme/event-bus:1\n"
    compose += "  posts:\n    build: ./posts\n"
    root = _repo(
        tmp_path / "repo",
        {
            "docker-compose.yml": compose,
            "event_bus/Dockerfile": "FROM python:3.11\n",
            "event_bus/app.py": APP,
            "posts/Dockerfile": "FROM python:3.11\n",
            "posts/app.py": APP,
        },
    )
    services = _services(scan_repository(root))
    assert services == {"event-bus": "event_bus", "posts": "posts"}


def test_services_spelled_alike_stay_apart_when_both_directories_exist(tmp_path: Path) -> None:
    root = _repo(
        tmp_path / "repo",
        {
            "k8s/bus.yaml": DEPLOYMENT,
            "event-bus/Dockerfile": "FROM python:3.11\n",
            "event-bus/worker.py": APP,
            "event_bus/Dockerfile": "FROM python:3.11\n",
            "event_bus/app.py": APP,
        },
    )
    services = _services(scan_repository(root))
    assert services == {"event-bus": "event-bus", "event_bus": "event_bus"}
