"""``servicemap serve``: the catalog API and the web map over the database."""

from __future__ import annotations

from pathlib import Path

import click

from catalog_api.cli.errors import BadInput
from catalog_api.cli.options import db_option, open_store
from catalog_api.cli.server import is_loopback, run_app


@click.command(
    "serve",
    help="""Serve the service map and its JSON API (under /api/) over the stored snapshots.

    Listens on 127.0.0.1 by default, so only this machine can connect. To listen on another
    address you must set a token (--token or $SERVICEMAP_TOKEN): write endpoints then require
    `Authorization: Bearer TOKEN`. New scans show up without a restart.

    \b
    Examples:
      servicemap serve
      SERVICEMAP_TOKEN=s3cret servicemap serve --host 0.0.0.0 --port 8080
    """,
)
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--token",
    envvar="SERVICEMAP_TOKEN",
    show_envvar=True,
    help="Bearer token required by write endpoints; needed beyond loopback.",
)
def command(db: Path | None, host: str, port: int, token: str | None) -> None:
    if not is_loopback(host) and not token:
        raise BadInput(
            f"refusing to listen on {host} without a token: anyone who can reach it could "
            "write to the catalog; pass --token or set SERVICEMAP_TOKEN (or use 127.0.0.1)"
        )
    store = open_store(db, must_exist=False)  # an empty store can still receive ingests
    if not store.snapshots():
        click.echo(f"{store.path} holds no snapshots yet; run `servicemap scan PATH`", err=True)
    run_app(store, host=host, port=port, token=token)
