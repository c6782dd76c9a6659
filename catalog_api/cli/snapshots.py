"""``servicemap snapshots``: what the database holds."""

from __future__ import annotations

import json
from pathlib import Path

import click

from catalog_api.cli.options import db_option, open_store, resolve_db


@click.command(
    "snapshots",
    help="""List the snapshots stored in the database, oldest first.

    Each scan stores one static snapshot, each ingest (and the server's trace receiver) an
    observed one: its id (for `export --snapshot` and the API's `?snapshot=`), its kind, when
    it was made, the scanned path and git commit or the trace source, and its node and edge
    counts. The map shows the newest static snapshot merged with the newest observed one.

    \b
    Example:
      servicemap snapshots --json | jq '.[-1].id'
    """,
)
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
def command(db: Path | None, as_json: bool) -> None:
    path = resolve_db(db)
    refs = open_store(path, must_exist=True).snapshots() if path.exists() else []
    if as_json:
        rows = [
            {"id": r.id, "kind": r.kind.value, "source": r.info.source,
             "commit": r.info.commit, "time": r.info.time,
             "tool_version": r.info.tool_version, "nodes": r.nodes, "edges": r.edges}
            for r in refs
        ]  # fmt: skip
        click.echo(json.dumps(rows, indent=2))
        return
    if not refs:
        click.echo(f"No snapshots in {path} yet; run `servicemap scan PATH` to make one.")
        return
    click.echo(
        f"{'ID':>4}  {'KIND':<8}  {'SCANNED':<25} {'NODES':>5} {'EDGES':>5}  {'COMMIT':<12}  SOURCE"
    )
    for r in refs:
        commit = (r.info.commit or "-")[:12]
        click.echo(
            f"{r.id:>4}  {r.kind.value:<8}  {r.info.time or '-':<25} {r.nodes:>5} {r.edges:>5}"
            f"  {commit:<12}"
            f"  {r.info.source}"
        )
