"""``servicemap demo``: scan the bundled sample system and show its map."""

from __future__ import annotations

from pathlib import Path

import click

from catalog_api.cli.errors import reported_as_bad_input
from catalog_api.cli.options import db_option, open_store
from catalog_api.cli.progress import scan_progress
from catalog_api.cli.server import run_app, url_of

HOST = "127.0.0.1"


@click.command(
    "demo",
    help="""Scan the sample system that ships with servicemap and open its map.

    The sample is a small shop of Python services (HTTP, gRPC, Kafka, RabbitMQ, Celery,
    Postgres, Redis, ...) installed with servicemap. The demo scans it into the database like
    `servicemap scan` would, then serves the map on 127.0.0.1 and opens a browser.

    \b
    Example:
      servicemap demo --no-browser --port 8001
    """,
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--no-browser", is_flag=True, help="Print the URL but do not open a browser.")
@db_option
def command(port: int, no_browser: bool, db: Path | None) -> None:
    from catalog_api.usecases import scan

    root = _sample_root()
    store = open_store(db, must_exist=False)
    with reported_as_bad_input(), scan_progress("Scanning the sample system") as progress:
        outcome = scan(root, store, progress=progress)
    s = outcome.summary
    click.echo(
        f"Scanned the sample system into snapshot {outcome.snapshot.id} of {store.path}: "
        f"{s.services} services, {s.edges} edges. Open {url_of(HOST, port)}"
    )
    run_app(store, host=HOST, port=port, token=None, open_browser=not no_browser)


def _sample_root() -> Path:
    """The sample system's folder; it is package data, so it must be on the file system."""
    from importlib import resources

    try:
        root = resources.files("sample_system")
    except (ImportError, OSError) as exc:  # not installed, or a stale editable install
        raise click.ClickException(f"the bundled sample system cannot be found ({exc})") from exc
    if not isinstance(root, Path):
        raise click.ClickException(
            f"the bundled sample system is not a folder on disk ({root}); reinstall servicemap"
        )
    return root
