"""servicemap serve: the loopback-or-token rule, and a real server in a subprocess."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from catalog_api.cli.server import is_loopback
from tests.cli.harness import free_port, run, stop, wait_for_json


@pytest.mark.parametrize("host", ["127.0.0.1", "127.1.2.3", "localhost", "::1"])
def test_host_counts_as_loopback_when_only_this_machine_reaches_it(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "example.internal"])
def test_host_is_not_loopback_when_others_may_reach_it(host: str) -> None:
    assert not is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "myhost.example"])
def test_refuses_with_exit_2_when_listening_beyond_loopback_without_token(
    host: str, tmp_path: Path
) -> None:
    result = run("serve", "--host", host, "--db", tmp_path / "x.db")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "SERVICEMAP_TOKEN" in result.stderr and host in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_serves_snapshots_on_loopback_when_started_for_real(saved_db: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        ["servicemap", "serve", "--db", str(saved_db), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        body = wait_for_json(f"http://127.0.0.1:{port}/api/snapshots", process)
        assert isinstance(body, dict) and body["latest"] == 2
    finally:
        code, _, stderr = stop(process)
    assert code == 0, stderr
    assert f"http://127.0.0.1:{port}/" in stderr


def test_token_from_environment_allows_any_host_when_set(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "SERVICEMAP_TOKEN": "s3cret"}
    fresh = tmp_path / "fresh.db"
    process = subprocess.Popen(
        ["servicemap", "serve", "--db", str(fresh), "--host", "0.0.0.0", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        assert wait_for_json(f"http://127.0.0.1:{port}/healthz", process) == {"status": "ok"}
    finally:
        code, _, stderr = stop(process)
    assert code == 0, stderr
    assert f"{fresh} holds no snapshots yet" in stderr  # created empty, ready for ingests
