"""HTTP calls made with ``requests`` and the libraries that copy its API.

Recognises: ``requests.get/post/put/patch/delete/head/options(url)``, ``requests.request(method,
url)`` (however imported or aliased), the same functions of ``requests_async`` (awaited) and
``grequests``, and the same methods on a ``requests.Session()`` / ``requests.session()``
object (also ``requests_async.Session``, ``requests_futures``' ``FuturesSession``), whether
it is a local, a module-level global, a ``with`` target, an attribute (``self.session``)
assigned once, a parameter annotated ``requests.Session`` or passed the same session by
every caller, or ``self`` in a ``requests.Session`` subclass.
Deliberately ignores: ``mount``, adapters, ``prepare_request``/``send`` (the URL lives
elsewhere), and sessions of unknown origin (an unannotated parameter).
"""

from __future__ import annotations

import libcst as cst

from scanner.detectors.base import Detector, arg, method_of
from scanner.findings import HttpCall

VERBS = frozenset({"get", "post", "put", "patch", "delete", "head", "options"})
MODULES = frozenset({"requests", "requests.api", "requests_async", "grequests"})
SESSIONS = frozenset(
    {
        "requests.Session",
        "requests.session",
        "requests.sessions.Session",
        "requests_async.Session",
        "requests_futures.sessions.FuturesSession",
    }
)


class RequestsCalls(Detector):
    name = "requests"
    modules = frozenset({"requests", "requests_async", "grequests", "requests_futures"})

    def visit_Call(self, node: cst.Call) -> None:
        for qualified in self.names(node.func):
            module, _, verb = qualified.rpartition(".")
            if module in MODULES and (verb in VERBS or verb == "request"):
                self._emit(node, verb, None)
                return
        found = method_of(node)
        if found is None or (found[1] not in VERBS and found[1] != "request"):
            return
        made, maker = self.made_by(found[0])
        if made & SESSIONS:
            self._emit(node, found[1], self.made_at(maker))

    def _emit(self, node: cst.Call, verb: str, client: tuple[str, int] | None) -> None:
        if verb == "request":
            method_node, url_node = arg(node, 0, "method"), arg(node, 1, "url")
            method = self.value(method_node).text if method_node is not None else None
        else:
            method, url_node = verb, arg(node, 0, "url")
        if url_node is None:
            return
        label = (method or "ANY").upper()
        self.findings.append(
            HttpCall(
                self.ctx.path, self.line(node), "requests", label, self.value(url_node), client
            )
        )
