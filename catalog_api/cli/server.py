"""Running the web app: shared by ``serve`` and ``demo``."""

from __future__ import annotations

import ipaddress
import threading
import time
import webbrowser
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    import uvicorn

    from catalog_api.api.otlp_retention import Retention
    from catalog_api.ports import GraphStore


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach ``host`` (``localhost``, 127.0.0.0/8, ``::1``)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a hostname: it may resolve to a public interface


def url_of(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def run_app(
    store: GraphStore,
    *,
    host: str,
    port: int,
    token: str | None,
    open_browser: bool = False,
    receiver_retention: Retention | None = None,
) -> None:
    """Serve the catalog API and map over ``store`` until interrupted; the trace receiver
    keeps its snapshots as ``receiver_retention`` says (its default when None)."""
    # FastAPI and uvicorn are imported only by the commands that serve.
    import uvicorn

    from catalog_api.api import create_app

    app = create_app(store, token=token)
    app.state.receiver_retention = receiver_retention
    config = uvicorn.Config(app, host=host, port=port, log_level="warning")
    server = uvicorn.Server(config)
    url = url_of(host, port)
    click.echo(f"Serving the service map at {url} (Ctrl+C to stop)", err=True)
    if open_browser:
        threading.Thread(target=_open_when_started, args=(server, url), daemon=True).start()
    try:
        server.run()
    except KeyboardInterrupt:  # uvicorn re-raises Ctrl+C after shutting down cleanly
        click.echo("Stopped.", err=True)


def _open_when_started(server: uvicorn.Server, url: str) -> None:
    """Open the browser once the socket listens, so it never lands on 'connection refused'."""
    while not server.started and not server.should_exit:
        time.sleep(0.05)
    if server.started:
        webbrowser.open(url)
