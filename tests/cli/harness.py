"""What the CLI tests share: running the CLI in-process, files to scan, graphs to export,
and driving a real server process."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import textwrap
import time
import urllib.error
import urllib.request
from pathlib import Path

from click.testing import CliRunner, Result

from catalog_api.cli import main
from catalog_api.graph import ServiceGraph
from catalog_api.model import Edge, EdgeKind, Node, NodeKind, ScanInfo, detail_of


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write_files(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())
    return root


TINY_REPO = {
    "docker-compose.yml": """
        services:
          orders:
            build: ./orders
            ports: ["8000:8000"]
          payments:
            build: ./payments
        """,
    "orders/app.py": """
        import requests
        from fastapi import FastAPI

        app = FastAPI()


        @app.post("/orders")
        def create_order() -> dict:
            reply = requests.post("http://payments:8000/charges", json={"cents": 999}, timeout=5)
            return reply.json()
        """,
    "payments/app.py": """
        from fastapi import FastAPI

        app = FastAPI()


        @app.post("/charges")
        def charge() -> dict:
            return {"ok": True}
        """,
}


def small_graph(commit: str) -> ServiceGraph:
    graph = ServiceGraph(ScanInfo("/repos/shop", commit, "2026-11-28T19:00:00Z", "0.1.0"))
    graph.add_node(Node(NodeKind.SERVICE, "orders"))
    graph.add_node(Node(NodeKind.DATASTORE, "orders-db", technology="postgres"))
    graph.add_edge(
        Edge("service:orders", "datastore:orders-db", EdgeKind.DB, detail=detail_of(tables=["t"]))
    )
    return graph


def wait_for_json(url: str, process: subprocess.Popen[str], timeout: float = 30.0) -> object:
    """GET ``url`` until the server answers; fail early if the process died."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise AssertionError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return json.load(response)
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def stop(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    """Ctrl+C the server; its exit code, stdout and stderr."""
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=20)
    return process.returncode, stdout, stderr
