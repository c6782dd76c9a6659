"""servicemap's command line: a click group and one module per command.

A command is added by writing its module (a click command named ``command``) and appending
it to :data:`COMMANDS`. Modules here import only click at import time; each command imports
what it needs (FastAPI, uvicorn, libcst, Rich) when it runs, so ``servicemap --help`` is
instant.
"""

from __future__ import annotations

from pathlib import Path

import click

from catalog_api.cli import demo, drift, export, ingest, scan, serve, snapshots
from catalog_api.cli.config import load_defaults

COMMANDS: list[click.Command] = [
    scan.command,
    export.command,
    snapshots.command,
    serve.command,
    demo.command,
    ingest.command,
    drift.command,
]


@click.group(
    help="""Map the services of a Python microservice system and what they depend on.

    servicemap reads code and deployment manifests (never running them), stores each map as a
    snapshot in a local SQLite database, renders it for docs and CI, and serves an interactive
    map.

    Defaults for --db, --host, --port and --fail-on-diagnostics can be set in
    [tool.servicemap] of ./pyproject.toml or at the top of ./servicemap.toml (keys: db, host,
    port, fail-on-diagnostics); flags and $SERVICEMAP_DB win over them.

    \b
    Example:
      servicemap scan ~/src/shop -o graph.json && servicemap serve
    """,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(package_name="servicemap", prog_name="servicemap")
@click.pass_context
def main(ctx: click.Context) -> None:
    ctx.default_map = load_defaults(Path.cwd())


for _command in COMMANDS:
    main.add_command(_command)
