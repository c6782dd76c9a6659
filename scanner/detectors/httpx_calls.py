"""HTTP calls made with ``httpx``.

Recognises: ``httpx.get/post/put/patch/delete/head/options/request/stream(...)`` and the same
methods on ``httpx.Client(...)`` / ``httpx.AsyncClient(...)`` objects however they are held
(local, ``async with ... as client``, module global, ``self.client``, ``app.state.client``
assigned once, a FastAPI ``Depends`` provider returning one, a parameter annotated with the
client type), joining a constructor ``base_url`` the way httpx does. Deliberately ignores:
``client.send(request)`` and ``build_request`` (URL elsewhere), unannotated client
parameters, and transports.
"""

from __future__ import annotations

import libcst as cst

from scanner.detectors.base import Detector, arg, method_of
from scanner.findings import HttpCall
from scanner.values import join

VERBS = frozenset({"get", "post", "put", "patch", "delete", "head", "options"})
CLIENTS = frozenset(
    {"httpx.Client", "httpx.AsyncClient", "httpx._client.Client", "httpx._client.AsyncClient"}
)


class HttpxCalls(Detector):
    name = "httpx"
    modules = frozenset({"httpx"})

    def visit_Call(self, node: cst.Call) -> None:
        for qualified in self.names(node.func):
            module, _, verb = qualified.rpartition(".")
            if module == "httpx" and (verb in VERBS or verb in ("request", "stream")):
                self._emit(node, verb, None)
                return
        found = method_of(node)
        if found is None or not (found[1] in VERBS or found[1] in ("request", "stream")):
            return
        made, call = self.made_by(found[0])
        if made & CLIENTS:
            self._emit(node, found[1], call)

    def _emit(self, node: cst.Call, verb: str, client: cst.Call | None) -> None:
        if verb in ("request", "stream"):
            method_node, url_node = arg(node, 0, "method"), arg(node, 1, "url")
            method = self.value(method_node).text if method_node is not None else None
        else:
            method, url_node = verb, arg(node, 0, "url")
        if url_node is None:
            return
        url = self.value(url_node)
        base_node = arg(client, None, "base_url") if client is not None else None
        if base_node is not None:
            url = join(self.made_value(base_node), url, "append")
        label = (method or "ANY").upper()
        made_at = self.made_at(client)
        self.findings.append(HttpCall(self.ctx.path, self.line(node), "httpx", label, url, made_at))
