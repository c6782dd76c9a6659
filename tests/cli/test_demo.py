"""servicemap demo: the bundled sample system, scanned and served for real."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.cli.harness import free_port, stop, wait_for_json


def test_scans_sample_and_serves_its_map_when_run(tmp_path: Path) -> None:
    port = free_port()
    db = tmp_path / "demo.db"
    process = subprocess.Popen(
        ["servicemap", "demo", "--no-browser", "--port", str(port), "--db", str(db)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        body = wait_for_json(f"http://127.0.0.1:{port}/api/snapshots", process, timeout=120)
        assert isinstance(body, dict) and body["latest"] == 1
        (snapshot,) = body["snapshots"]
        assert snapshot["nodes"] >= 7  # the sample has seven services alone
        assert "sample_system" in snapshot["source"]
    finally:
        code, stdout, stderr = stop(process)
    assert code == 0, stderr
    assert f"http://127.0.0.1:{port}/" in stdout
