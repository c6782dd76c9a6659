"""HTTP calls made with the standard library (``urllib.request``, ``http.client``) and urllib3.

Recognises: ``urllib.request.urlopen(url)`` (GET, or POST when ``data`` is passed) and
``urlopen(Request(url, data=..., method=...))`` where the ``Request`` is built inline or held
in a local, global or attribute; ``urllib3.request(method, url)`` and
``request/urlopen/request_encode_url/request_encode_body(method, url)`` on a
``urllib3.PoolManager()``/``ProxyManager()`` however held (local, global, ``self.http``);
``http.client.HTTPConnection/HTTPSConnection(host, port)`` objects and their
``.request(method, path)`` calls (the URL is built from the connection's host, port and the
path). All however imported or aliased. Deliberately ignores: ``Request`` objects that are
never opened here, openers built with ``build_opener`` (their ``open`` may be anything),
``putrequest``/``send`` on connections (the path is written piecemeal) and connection pools
created with ``connection_from_url``.
"""

from __future__ import annotations

import libcst as cst

from scanner.detectors.base import Detector, arg, method_of
from scanner.findings import HttpCall
from scanner.values import Value

URLOPEN = frozenset({"urllib.request.urlopen"})
REQUESTS = frozenset({"urllib.request.Request"})
POOLS = frozenset(
    {
        "urllib3.PoolManager",
        "urllib3.ProxyManager",
        "urllib3.poolmanager.PoolManager",
        "urllib3.poolmanager.ProxyManager",
    }
)
POOL_METHODS = frozenset({"request", "urlopen", "request_encode_url", "request_encode_body"})
CONNECTIONS = {
    "http.client.HTTPConnection": "http",
    "http.client.HTTPSConnection": "https",
}


class UrllibCalls(Detector):
    name = "urllib"
    modules = frozenset({"urllib", "urllib3", "http"})

    def visit_Call(self, node: cst.Call) -> None:
        names = self.names(node.func)
        if names & URLOPEN:
            self._urlopen(node)
            return
        if names & {"urllib3.request", "urllib3._request_methods.request"}:
            self._pool_call(node, None)
            return
        found = method_of(node)
        if found is None or found[1] not in POOL_METHODS:
            return
        made, maker = self.made_by(found[0])
        if made & POOLS:
            self._pool_call(node, maker)
        elif found[1] == "request" and maker is not None:
            scheme = next((CONNECTIONS[n] for n in made if n in CONNECTIONS), None)
            if scheme is not None:
                self._connection_call(node, maker, scheme)

    def _urlopen(self, node: cst.Call) -> None:
        target = arg(node, 0, "url")
        if target is None:
            return
        data = arg(node, 1, "data")
        request, client = self._request_of(target)
        if request is None:
            method = "POST" if data is not None else "GET"
            self._emit(node, "urllib", method, self.value(target), None)
            return
        url = arg(request, 0, "url")
        if url is None:
            return
        method_node = arg(request, 3, "method")
        has_data = data is not None or arg(request, 1, "data") is not None
        method = (
            self._made_text(method_node, request is not client)
            if method_node is not None
            else ("POST" if has_data else "GET")
        )
        url_value = self.made_value(url) if request is client else self.value(url)
        self._emit(node, "urllib", method, url_value, self.made_at(client))

    def _request_of(self, target: cst.BaseExpression) -> tuple[cst.Call | None, cst.Call | None]:
        """The ``Request(...)`` call ``target`` is (inline) or was built by (held)."""
        if isinstance(target, cst.Call) and self.names(target.func) & REQUESTS:
            return target, None
        made, maker = self.made_by(target)
        if made & REQUESTS and maker is not None:
            return maker, maker
        return None, None

    def _made_text(self, node: cst.BaseExpression, inline: bool) -> str:
        value = self.value(node) if inline else self.made_value(node)
        return value.text or "ANY"

    def _pool_call(self, node: cst.Call, pool: cst.Call | None) -> None:
        method_node, url_node = arg(node, 0, "method"), arg(node, 1, "url")
        if method_node is None or url_node is None:
            return
        method = self.value(method_node).text or "ANY"
        self._emit(node, "urllib3", method, self.value(url_node), self.made_at(pool))

    def _connection_call(self, node: cst.Call, connection: cst.Call, scheme: str) -> None:
        method_node, path_node = arg(node, 0, "method"), arg(node, 1, "url")
        host_node = arg(connection, 0, "host")
        if method_node is None or path_node is None or host_node is None:
            return
        port_node = arg(connection, 1, "port")
        base = Value.of(f"{scheme}://") + self.made_value(host_node)
        if port_node is not None:
            base = base + Value.of(":") + self.made_value(port_node)
        method = self.value(method_node).text or "ANY"
        path = self.value(path_node)
        absolute = (path.text or "").startswith(("http://", "https://"))  # proxy-style request
        url = path if absolute else base + path
        self._emit(node, "http.client", method, url, self.made_at(connection))

    def _emit(
        self, node: cst.Call, library: str, method: str, url: Value, client: tuple[str, int] | None
    ) -> None:
        self.findings.append(
            HttpCall(self.ctx.path, self.line(node), library, method.upper(), url, client)
        )
