"""``servicemap scan``: map a repository and store the result as a snapshot."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from catalog_api.cli.errors import reported_as_bad_input
from catalog_api.cli.options import db_option, open_store
from catalog_api.cli.output import is_stdout, write_output
from catalog_api.cli.progress import scan_progress
from catalog_api.cli.report import summary_text

if TYPE_CHECKING:
    from catalog_api.usecases import ScanOutcome


@click.command(
    "scan",
    help="""Map the services in the repository at PATH and store the map as a snapshot.

    Reads docker-compose, Kubernetes and Dockerfile manifests and the Python code (statically:
    nothing in PATH is imported or run) and records services, datastores, queues, external
    hosts and the calls between them. Files that cannot be understood become diagnostics, not
    failures; use --fail-on-diagnostics to make CI fail on them. The snapshot goes to the
    database (see --db), never into PATH.

    \b
    Examples:
      servicemap scan . -o graph.json --fail-on-diagnostics error
      servicemap scan . --exclude legacy --exclude 'deploy/staging/*'
    """,
)
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Also write the graph as graph JSON to this file ('-' for stdout).",
)
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable summary.")
@click.option(
    "--fail-on-diagnostics",
    type=click.Choice(["error", "warning"]),
    help="Exit with code 1 if the scan reports diagnostics this severe (warning: or worse).",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="Leave out matching files and directories (repeatable). A pattern without '/' "
    "matches any name ('legacy', '*_generated.py'); one with '/' the path from PATH "
    "('deploy/old/*'). Tests, virtual environments and vendored code are always left out.",
)
@click.option(
    "--include-examples",
    is_flag=True,
    help="Also scan 'examples/' and 'example/' directories (left out by default: they are "
    "not part of the running system).",
)
def command(
    path: Path,
    output: Path | None,
    db: Path | None,
    as_json: bool,
    fail_on_diagnostics: str | None,
    exclude: tuple[str, ...],
    include_examples: bool,
) -> None:
    from catalog_api import graph_json
    from catalog_api.usecases import check_root, scan

    with reported_as_bad_input():
        check_root(path)  # before opening the store: a typo must not create a database
        store = open_store(db, must_exist=False)
        with scan_progress(f"Scanning {path}") as progress:
            outcome = scan(
                path, store, progress=progress, exclude=exclude, include_examples=include_examples
            )
    if output is not None:
        write_output(output, graph_json.dumps(outcome.graph).encode("utf-8"))
    to_stderr = output is not None and is_stdout(output)  # stdout carries the graph
    report = _json_report(outcome, store.path, output) if as_json else _text_report(outcome)
    click.echo(report, err=to_stderr)
    if fail_on_diagnostics is not None:
        _fail_on(outcome, fail_on_diagnostics)


def _text_report(outcome: ScanOutcome) -> str:
    ref = outcome.snapshot
    commit = f" at commit {ref.info.commit[:12]}" if ref.info.commit else ""
    cached = f" ({outcome.cached_files} files from cache)" if outcome.cached_files else ""
    headline = f"Scanned {ref.info.source}{commit}: snapshot {ref.id}{cached}"
    return summary_text(headline, outcome.summary)


def _json_report(outcome: ScanOutcome, db: Path, output: Path | None) -> str:
    from catalog_api import graph_json

    ref = outcome.snapshot
    report = {
        "snapshot": ref.id,
        "db": str(db),
        "source": ref.info.source,
        "commit": ref.info.commit,
        "time": ref.info.time,
        "tool_version": ref.info.tool_version,
        "output": None if output is None else str(output),
        "counts": outcome.summary.counts(),
        "cached_files": outcome.cached_files,
        "diagnostics": graph_json.to_dict(outcome.graph)["diagnostics"],
    }
    return json.dumps(report, indent=2, sort_keys=True)


def _fail_on(outcome: ScanOutcome, threshold: str) -> None:
    from catalog_api.model import Severity

    failing = outcome.summary.at_least(Severity(threshold))
    if failing:
        qualifier = "" if threshold == "error" else " or worse"
        click.echo(f"Failing: {len(failing)} diagnostic(s) at {threshold}{qualifier}", err=True)
        click.get_current_context().exit(1)
