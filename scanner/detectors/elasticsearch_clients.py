"""Elasticsearch / OpenSearch clients.

Recognises: ``Elasticsearch(url)`` / ``Elasticsearch(hosts=[url, ...])`` /
``Elasticsearch(hosts="url")`` and the async and OpenSearch equivalents (the first host is
the address; a bare ``host:port`` is read as HTTP). Deliberately ignores: ``cloud_id``
connections (no host in code), index-level calls (the index names are run-time data).
"""

from __future__ import annotations

import libcst as cst

from scanner.detectors.base import Detector, arg
from scanner.findings import DatastoreUse
from scanner.values import Value

CLIENTS = frozenset(
    {
        "elasticsearch.Elasticsearch",
        "elasticsearch.AsyncElasticsearch",
        "opensearchpy.OpenSearch",
        "opensearchpy.AsyncOpenSearch",
    }
)


class ElasticsearchClients(Detector):
    name = "elasticsearch"
    modules = frozenset({"elasticsearch", "opensearchpy"})

    def visit_Call(self, node: cst.Call) -> None:
        names = self.names(node.func) & CLIENTS
        if not names:
            return
        hosts = arg(node, 0, "hosts")
        if isinstance(hosts, cst.List | cst.Tuple):
            hosts = hosts.elements[0].value if hosts.elements else None
        if hosts is None:
            return
        address = self.value(hosts)
        if address.text is not None and "://" not in address.text:
            address = Value.of("http://") + address
        library = min(names).split(".", 1)[0]
        use = DatastoreUse(self.ctx.path, self.line(node), library, "elasticsearch", address)
        self.findings.append(use)
