"""Elasticsearch / OpenSearch clients.

Recognises: ``Elasticsearch(url)`` / ``Elasticsearch(hosts=[url, ...])`` /
``Elasticsearch(hosts="url")`` and the async and OpenSearch equivalents (the first host is
the address; a bare ``host:port`` is read as HTTP), and hosts given as dicts, the documented
form of elasticsearch-py before 8.0 and of opensearch-py: ``Elasticsearch([{'host': 'es',
'port': 9200}])``, ``OpenSearch(hosts=[{"host": h, "port": p, "scheme": "https"}])`` (port
9200 and scheme ``http`` unless given, ``use_ssl=True`` meaning https). Deliberately
ignores: ``cloud_id`` connections (no host in code), index-level calls (the index names are
run-time data), a host dict without a ``host`` key.
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
        address = self._dict_address(hosts, node) if isinstance(hosts, cst.Dict) else None
        if address is None and isinstance(hosts, cst.Dict):
            return
        address = address or self.value(hosts)
        if address.text is not None and "://" not in address.text:
            address = Value.of("http://") + address
        library = min(names).split(".", 1)[0]
        use = DatastoreUse(self.ctx.path, self.line(node), library, "elasticsearch", address)
        self.findings.append(use)

    def _dict_address(self, hosts: cst.Dict, call: cst.Call) -> Value | None:
        """``{'host': ..., 'port': ..., 'scheme': ...}`` as ``scheme://host:port``."""
        fields: dict[str, cst.BaseExpression] = {}
        for element in hosts.elements:
            if isinstance(element, cst.DictElement):
                key = self.value(element.key).text
                if key is not None:
                    fields[key] = element.value
        if "host" not in fields:
            return None
        scheme = self.value(fields["scheme"]) if "scheme" in fields else None
        if scheme is None:
            ssl = fields.get("use_ssl") or arg(call, None, "use_ssl")
            secure = isinstance(ssl, cst.Name) and ssl.value == "True"
            scheme = Value.of("https" if secure else "http")
        port = self.value(fields["port"]) if "port" in fields else Value.of("9200")
        return scheme + Value.of("://") + self.value(fields["host"]) + Value.of(":") + port
