"""The keys a node can be recognised by: its names and the network addresses it answers at.

Names compare case-insensitively and with ``_`` and ``-`` as one (``Orders_Service`` is
``orders-service``), because compose, Kubernetes, DNS and ``service.name`` spell one thing
several ways. Addresses are ``host`` or ``host:port``; they come from a node's name and
aliases (a trace names an uninstrumented peer by ``10.0.3.7:5432``) and from the address
attributes a scan records (:data:`ADDRESS_ATTRIBUTES`). A technology is never a key: two
Postgres databases are two databases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from catalog_api.model import Node

# Attribute names whose values are where a node is reached: a host, an address, a URL, or a
# comma-separated list of them. ``port``/``ports`` complete hosts given without a port.
ADDRESS_ATTRIBUTES = ("address", "addresses", "endpoint", "host", "hostname", "hosts", "ip", "url")
PORT_ATTRIBUTES = ("port", "ports")

_HOST_PORT = re.compile(r"^(?P<host>\[[0-9A-Fa-f:.]+\]|[^\s:/@\[\]]+):(?P<port>\d{1,5})$")
_HOST = re.compile(r"^[^\s:/@\[\]]+$|^\[[0-9A-Fa-f:.]+\]$")


def canonical(name: str) -> str:
    """``name`` as matching compares it: case folded, ``_`` read as ``-``, outer dots and
    spaces dropped (``Orders_DB.`` and ``orders-db`` are one name)."""
    return name.strip().strip(".").casefold().replace("_", "-")


@dataclass(frozen=True, slots=True, order=True)
class Address:
    """Where a node answers: a canonical host and, when known, a port."""

    host: str
    port: int | None = None


def parse_address(text: str) -> Address | None:
    """``host``, ``host:port``, ``[v6]:port`` or a URL as an :class:`Address`; None for text
    that is none of these (a sentence, a path, an empty string)."""
    text = text.strip()
    if "://" in text:
        return _from_url(text)
    found = _HOST_PORT.match(text)
    if found is not None:
        port = int(found["port"])
        return Address(_host(found["host"]), port) if 0 < port < 65536 else None
    if _HOST.match(text):
        return Address(_host(text))
    return None


def names(node: Node) -> frozenset[str]:
    """The canonical names ``node`` goes by: its name and every alias."""
    return frozenset(canonical(n) for n in (node.name, *node.aliases) if canonical(n))


def addresses(node: Node) -> frozenset[Address]:
    """Every address ``node`` is known to answer at: its name and aliases read as addresses,
    and the values of its address attributes (completed by its port attributes)."""
    found = {a for text in (node.name, *node.aliases) if (a := parse_address(text))}
    ports = [int(p) for p in _values(node, PORT_ATTRIBUTES) if p.isdigit()]
    for text in _values(node, ADDRESS_ATTRIBUTES):
        address = parse_address(text)
        if address is None:
            continue
        if address.port is None and ports:
            found.update(Address(address.host, port) for port in ports)
        else:
            found.add(address)
    return frozenset(found)


def _values(node: Node, keys: Iterable[str]) -> Iterator[str]:
    for key in keys:
        for value in node.attributes.get(key, "").split(","):
            if value.strip():
                yield value.strip()


def _from_url(text: str) -> Address | None:
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return None
    return None if not parts.hostname else Address(_host(parts.hostname), port)


def _host(host: str) -> str:
    return canonical(host.strip("[]"))
