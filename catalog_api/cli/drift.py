"""``servicemap drift``: where the code and the traffic disagree."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click
from click.core import ParameterSource

from catalog_api.cli.errors import BadInput, reported_as_bad_input
from catalog_api.cli.options import db_option, open_store

if TYPE_CHECKING:
    from catalog_api.ports import GraphStore, SnapshotKind
    from catalog_api.usecases import Side

_FILE = click.Path(dir_okay=False, path_type=Path)
_ID = click.IntRange(min=1)


@click.command(
    "drift",
    help="""Compare the code's map with the traffic's: list the edges seen in code but never in
    traffic, and the edges in traffic with no code behind them, each with its evidence.

    By default compares the newest scan (`servicemap scan`) with the newest traces
    (`servicemap ingest`, or the server's OTLP receiver) in the database. Either side can be
    an older snapshot (--static-snapshot N, --observed-snapshot N) or a graph JSON file
    (--static FILE from `scan -o`, --observed FILE from `ingest -o`). Nodes are matched by
    name, alias, host and host:port. --json prints the report in the format described in
    docs/drift.md. With --fail-on-drift the exit code is 1 when there is any drift.

    \b
    Examples:
      servicemap drift
      servicemap drift --static graph.json --observed observed.json --fail-on-drift
    """,
)
@db_option
@click.option("--static-snapshot", type=_ID, help="Static snapshot id [default: newest].")
@click.option("--observed-snapshot", type=_ID, help="Observed snapshot id [default: newest].")
@click.option("--static", "static_file", type=_FILE, help="Read the code's graph from this file.")
@click.option(
    "--observed", "observed_file", type=_FILE, help="Read the traffic's graph from this file."
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--fail-on-drift", is_flag=True, help="Exit with code 1 if there is any drift.")
@click.pass_context
def command(
    ctx: click.Context,
    db: Path | None,
    static_snapshot: int | None,
    observed_snapshot: int | None,
    static_file: Path | None,
    observed_file: Path | None,
    as_json: bool,
    fail_on_drift: bool,
) -> None:
    from catalog_api.merge.drift_json import to_dict
    from catalog_api.ports import SnapshotKind
    from catalog_api.usecases import drift_between

    for name, file, snapshot in (
        ("static", static_file, static_snapshot),
        ("observed", observed_file, observed_snapshot),
    ):
        if file is not None and snapshot is not None:
            raise BadInput(f"give either --{name} FILE or --{name}-snapshot N, not both")
    from_files = static_file is not None and observed_file is not None
    if from_files and ctx.get_parameter_source("db") == ParameterSource.COMMANDLINE:
        raise BadInput("--db is not read when both sides are files; drop it or a file")
    with reported_as_bad_input():
        store = None if from_files else open_store(db, must_exist=True)
        static = _side(store, SnapshotKind.STATIC, static_file, static_snapshot)
        observed = _side(store, SnapshotKind.OBSERVED, observed_file, observed_snapshot)
    report = drift_between(static, observed)
    if as_json:
        ids = [side.snapshot.id if side.snapshot else None for side in (static, observed)]
        body = to_dict(report, static_snapshot=ids[0], observed_snapshot=ids[1])
        click.echo(json.dumps(body, indent=2))
    else:
        from catalog_api.cli.drift_table import drift_text

        click.echo(drift_text(report, static, observed))
    if fail_on_drift and report.has_drift:
        ctx.exit(1)


def _side(
    store: GraphStore | None, kind: SnapshotKind, file: Path | None, snapshot: int | None
) -> Side:
    from catalog_api.usecases import Side, load_graph_file, stored_side

    if file is not None:
        return Side(load_graph_file(file))
    assert store is not None  # opened unless both sides are files
    return stored_side(store, kind, snapshot)
