"""Real servers for the receiver tests: servicemap under uvicorn (the same helper the browser
tests use), and a tiny instrumented HTTP app, each on a free 127.0.0.1 port in a background
thread."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.web.live_server import serving

__all__ = ["http_app", "serving"]


Handler = Callable[[str, dict[str, str]], int]
"""(path, request headers) -> HTTP status to answer with."""


@contextmanager
def http_app(handle: Handler) -> Iterator[str]:
    """A plain HTTP server calling ``handle`` for each GET (header names lowercased, as
    W3C propagators look them up); yields its base URL."""

    class _Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status = handle(self.path, {k.lower(): v for k, v in self.headers.items()})
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
