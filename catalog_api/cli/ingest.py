"""``servicemap ingest``: the observed graph from trace files, stored as a snapshot."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from catalog_api.cli.errors import reported_as_bad_input
from catalog_api.cli.options import db_option, open_store
from catalog_api.cli.output import is_stdout, write_output
from catalog_api.cli.report import summary_text

if TYPE_CHECKING:
    from catalog_api.graph import ServiceGraph
    from catalog_api.ports import SnapshotRef
    from catalog_api.usecases import GraphSummary


@click.command(
    "ingest",
    help="""Derive the observed service graph from trace FILEs and store it as a snapshot.

    Reads OTLP JSON (one request per file or per line, as the Collector's file exporter
    writes), OTLP protobuf, Jaeger JSON and Zipkin v2 JSON, telling them apart by content
    (gzip-compressed files too). Client and server spans are paired into calls between
    services; databases, queues and uninstrumented peers become nodes; every edge carries its
    traffic (calls, errors, p50/p95/p99 latency). A malformed file becomes a diagnostic and
    the others are still ingested; if no file can be read nothing is stored (exit code 2).

    \b
    Example:
      servicemap ingest traces/*.json -o observed.json
    """,
)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Also write the graph as graph JSON to this file ('-' for stdout).",
)
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable summary.")
def command(files: tuple[Path, ...], output: Path | None, db: Path | None, as_json: bool) -> None:
    from catalog_api import graph_json
    from catalog_api.usecases import read_traces, save_observed

    with reported_as_bad_input():
        observed = read_traces(list(files))  # before opening the store: see read_traces
        store = open_store(db, must_exist=False)
        outcome = save_observed(observed, store)
    graph, ref, summary = outcome.graph, outcome.snapshot, outcome.summary
    if output is not None:
        write_output(output, graph_json.dumps(graph).encode("utf-8"))
    to_stderr = output is not None and is_stdout(output)
    report = _json_report(graph, ref, summary, store.path) if as_json else _text(ref, summary)
    click.echo(report, err=to_stderr)


def _text(ref: SnapshotRef, s: GraphSummary) -> str:
    return summary_text(f"Ingested {ref.info.source}: observed snapshot {ref.id}", s)


def _json_report(graph: ServiceGraph, ref: SnapshotRef, s: GraphSummary, db: Path) -> str:
    from catalog_api import graph_json

    doc = graph_json.to_dict(graph)
    report = {
        "snapshot": ref.id,
        "kind": ref.kind.value,
        "db": str(db),
        "source": ref.info.source,
        "time": ref.info.time,
        "counts": s.counts(),
        "edges": doc["edges"],
        "diagnostics": doc["diagnostics"],
    }
    return json.dumps(report, indent=2, sort_keys=True)
