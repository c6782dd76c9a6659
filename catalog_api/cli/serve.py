"""``servicemap serve``: the catalog API and the web map over the database."""

from __future__ import annotations

import re
from pathlib import Path

import click

from catalog_api.cli.errors import BadInput
from catalog_api.cli.options import db_option, open_store
from catalog_api.cli.server import is_loopback, run_app

DEFAULT_KEEP = 24  # as catalog_api.api.otlp_retention, which is not imported for --help
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def _seconds(ctx: click.Context, param: click.Parameter, value: str) -> float:
    """A length of time as seconds: ``90``, ``90s``, ``15m``, ``1h``, ``1.5d``."""
    found = _DURATION.match(value.lower())
    if found is None:
        raise click.BadParameter(f"{value!r} is not a duration like 90s, 15m, 1h or 1d")
    return float(found[1]) * _SECONDS[found[2]]


@click.command(
    "serve",
    help="""Serve the service map and its JSON API (under /api/) over the stored snapshots.

    Listens on 127.0.0.1 by default, so only this machine can connect. To listen on another
    address you must set a token (--token or $SERVICEMAP_TOKEN): write endpoints then require
    `Authorization: Bearer TOKEN`. New scans show up without a restart.

    Spans posted to /v1/traces (OTLP/HTTP) are saved as one rolling observed snapshot per
    --receiver-window; the newest --receiver-keep of them are kept, older ones deleted.

    \b
    Examples:
      servicemap serve
      SERVICEMAP_TOKEN=s3cret servicemap serve --host 0.0.0.0 --port 8080
      servicemap serve --receiver-window 15m --receiver-keep 96
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
@click.option(
    "--receiver-window",
    default="1h",
    metavar="DURATION",
    callback=_seconds,
    show_default=True,
    envvar="SERVICEMAP_RECEIVER_WINDOW",
    show_envvar=True,
    help="How long the trace receiver rolls one snapshot before keeping it and starting a "
    "new one (90s, 15m, 1h, 1d; 0 keeps every save).",
)
@click.option(
    "--receiver-keep",
    type=click.IntRange(min=1),
    default=DEFAULT_KEEP,
    show_default=True,
    envvar="SERVICEMAP_RECEIVER_KEEP",
    show_envvar=True,
    help="How many of the trace receiver's snapshots to keep; older ones are deleted.",
)
def command(
    db: Path | None,
    host: str,
    port: int,
    token: str | None,
    receiver_window: float,
    receiver_keep: int,
) -> None:
    if not is_loopback(host) and not token:
        raise BadInput(
            f"refusing to listen on {host} without a token: anyone who can reach it could "
            "write to the catalog; pass --token or set SERVICEMAP_TOKEN (or use 127.0.0.1)"
        )
    store = open_store(db, must_exist=False)  # an empty store can still receive ingests
    if not store.snapshots():
        click.echo(f"{store.path} holds no snapshots yet; run `servicemap scan PATH`", err=True)
    from catalog_api.api.otlp_retention import Retention

    retention = Retention(window_seconds=receiver_window, keep=receiver_keep)
    run_app(store, host=host, port=port, token=token, receiver_retention=retention)
