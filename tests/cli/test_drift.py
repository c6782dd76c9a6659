"""servicemap drift: sources of each side, text and JSON output, and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog_api import graph_json
from catalog_api.ports import SnapshotKind
from catalog_api.store import SqliteGraphStore
from tests.cli.harness import run
from tests.merge.graphs import scanned_shop, traced_shop


@pytest.fixture
def drift_db(tmp_path: Path) -> Path:
    """1: the scan, 2: traces of it."""
    path = tmp_path / "drift.db"
    store = SqliteGraphStore(path)
    store.save(scanned_shop())
    store.save(traced_shop(), SnapshotKind.OBSERVED)
    return path


def test_text_lists_both_sides_of_the_drift_when_code_and_traffic_disagree(
    drift_db: Path,
) -> None:
    result = run("drift", "--db", drift_db)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Drift between static snapshot 1 (examples/shop, 2026-11-28T20:00:00Z)"
    assert lines[2] == "3 edges in code and traffic · 2 in code only · 1 in traffic only"
    assert lines[4:8] == [
        "In code, never in traffic (2)",
        "  SOURCE            TARGET                KIND     REASON        EVIDENCE",
        "  service:orders    queue:order-events    publish  never-called  orders/events.py:20",
        "  service:payments  datastore:billing-db  db       never-called  payments/db.py:5",
    ]
    assert lines[9:] == [
        "In traffic, no code behind them (1)",
        "  SOURCE          TARGET         KIND  CALLS  ERRORS  P95    REASON        EVIDENCE",
        "  service:orders  service:fraud  http  100    2%      10 ms  unknown-node  trace t05",
    ]


def test_exit_code_is_1_when_fail_on_drift_is_set_and_there_is_drift(drift_db: Path) -> None:
    assert run("drift", "--db", drift_db, "--fail-on-drift").exit_code == 1


def test_exit_code_is_0_when_fail_on_drift_is_set_and_traffic_matches_code(
    tmp_path: Path,
) -> None:
    static, observed = scanned_shop(), traced_shop()
    for never_called in ("queue:order-events", "datastore:billing-db", "service:shared"):
        static.remove_node(never_called)  # and the edges to it
    observed.remove_node("service:fraud")
    (tmp_path / "s.json").write_text(graph_json.dumps(static))
    (tmp_path / "o.json").write_text(graph_json.dumps(observed))
    result = run(
        "drift", "--static", tmp_path / "s.json", "--observed", tmp_path / "o.json",
        "--fail-on-drift",
    )  # fmt: skip
    assert result.exit_code == 0, result.stdout
    first = result.stdout.splitlines()[0]
    assert first == "Drift between static graph (examples/shop, 2026-11-28T20:00:00Z)"
    assert result.stdout.splitlines()[-1].startswith("No drift: ")


def test_json_is_the_documented_report_when_asked(drift_db: Path) -> None:
    result = run("drift", "--db", drift_db, "--json")
    assert result.exit_code == 0
    body = json.loads(result.stdout)
    assert (body["format"], body["version"], body["has_drift"]) == ("servicemap-drift", 1, True)
    assert body["static"]["snapshot"] == 1 and body["observed"]["snapshot"] == 2
    assert body["counts"] == {"in_both": 3, "code_only": 2, "traffic_only": 1}
    (only,) = body["traffic_only"]
    assert (only["target"], only["reason"], only["traffic"]["calls"]) == (
        "service:fraud",
        "unknown-node",
        100,
    )


def test_one_side_can_be_a_file_when_the_other_comes_from_the_database(
    drift_db: Path, tmp_path: Path
) -> None:
    observed = traced_shop()
    observed.remove_node("service:fraud")
    (tmp_path / "o.json").write_text(graph_json.dumps(observed))
    result = run("drift", "--db", drift_db, "--observed", tmp_path / "o.json", "--json")
    body = json.loads(result.stdout)
    assert body["observed"]["snapshot"] is None and body["counts"]["traffic_only"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--static-snapshot", "2"], "snapshot 2 is observed, not static"),
        (["--observed-snapshot", "9"], "the store holds no snapshot 9"),
        (["--static-snapshot", "1", "--static", "x.json"], "either --static FILE or"),
        (["--static", "missing.json"], "cannot read missing.json"),
    ],
)
def test_exit_code_is_2_with_a_reason_when_input_is_bad(
    drift_db: Path, args: list[str], message: str
) -> None:
    result = run("drift", "--db", drift_db, *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_exit_code_is_2_saying_how_to_get_traces_when_none_are_stored(tmp_path: Path) -> None:
    SqliteGraphStore(tmp_path / "only-scan.db").save(scanned_shop())
    result = run("drift", "--db", tmp_path / "only-scan.db")
    assert result.exit_code == 2
    assert "no observed snapshot yet; run `servicemap ingest FILE...`" in result.stderr


def test_exit_code_is_2_when_the_database_does_not_exist(tmp_path: Path) -> None:
    result = run("drift", "--db", tmp_path / "nope.db")
    assert result.exit_code == 2
    assert not (tmp_path / "nope.db").exists()


def test_text_names_the_candidates_when_an_observed_node_was_kept_apart(tmp_path: Path) -> None:
    from tests.merge.test_database_matching import BILLING_DB, ORDERS_DB, scanned, traced

    static = scanned(ORDERS_DB, BILLING_DB, databases={"orders-db": "app", "billing-db": "app"})
    path = tmp_path / "ambiguous.db"
    store = SqliteGraphStore(path)
    store.save(static)
    store.save(traced("app", "postgresql", "app"), SnapshotKind.OBSERVED)
    result = run("drift", "--db", path)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    at = lines.index("Kept apart, could be one of several scanned nodes (1)")
    assert lines[at + 1] == "  datastore:app: datastore:billing-db, datastore:orders-db"
