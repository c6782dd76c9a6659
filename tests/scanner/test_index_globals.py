"""Module clients created in a function through ``global`` (startup hooks, ``main()``)."""

from __future__ import annotations

from pathlib import Path

import libcst as cst

from catalog_api.model import EdgeKind
from scanner import scan_repository
from scanner.index import build_index


def _assigned(code: str, name: str) -> str | None:
    module = cst.parse_module(code)
    node = build_index(module).assigns.get(name)
    return module.code_for_node(node) if node is not None else None


def test_global_assignment_replaces_the_none_placeholder_when_a_hook_creates_the_client() -> None:
    code = (
        "producer = None\n"
        "async def startup():\n"
        "    global producer\n"
        "    producer = AIOKafkaProducer(bootstrap_servers='kafka:9092')\n"
        "async def shutdown():\n"
        "    global producer\n"
        "    producer = None\n"
    )
    assert _assigned(code, "producer") == "AIOKafkaProducer(bootstrap_servers='kafka:9092')"


def test_none_placeholder_written_after_the_hook_does_not_hide_the_client_when_global() -> None:
    code = "def main():\n    global client\n    client = make_client()\nclient = None\n"
    assert _assigned(code, "client") == "make_client()"


def test_assignment_stays_local_when_the_function_does_not_declare_it_global() -> None:
    code = "client = None\ndef main():\n    client = make_client()\n"
    assert _assigned(code, "client") == "None"


def test_httpx_client_from_a_startup_hook_gives_an_edge_when_a_route_uses_it(
    tmp_path: Path,
) -> None:
    (tmp_path / "api").mkdir()
    (tmp_path / "users").mkdir()
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  api:\n    build: ./api\n  users:\n    build: ./users\n"
    )
    (tmp_path / "api" / "main.py").write_text(
        "import httpx\nfrom fastapi import FastAPI\n\napp = FastAPI()\n"
        "client: httpx.AsyncClient | None = None\n\n\n"
        "@app.on_event('startup')\nasync def startup():\n    global client\n"
        "    client = httpx.AsyncClient(base_url='http://users:8000')\n\n\n"
        "@app.get('/profile/{uid}')\nasync def profile(uid: int):\n"
        "    return (await client.get(f'/users/{uid}')).json()\n"
    )
    (tmp_path / "users" / "main.py").write_text(
        "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
        "@app.get('/users/{uid}')\nasync def user(uid: int):\n    return {}\n"
    )
    graph = scan_repository(tmp_path)
    edge = graph.edge("service:api", "service:users", EdgeKind.HTTP)
    assert edge is not None
    assert edge.detail["routes"] == {"GET /users/{uid}"}
