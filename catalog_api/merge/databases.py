"""Database names: what joins a trace's database to the scanned datastore that holds it.

A trace often names a database peer by ``db.namespace`` (``orders``) with no address at
all, while the scan names the server (``orders-db``) and records the databases code opens
on it in the ``databases`` detail of its edges (and manifests may put them in attributes).
The database name is then the only fact both sides share, so matching reads it here:

- a static datastore's databases: the ``databases`` detail of the static edges into it and
  its :data:`DATABASE_ATTRIBUTES`;
- an observed node's databases: the same, from the observed graph, each value also read as
  the semantic conventions compose it (``mydatabase.products`` is database ``mydatabase``
  and schema ``products`` for PostgreSQL; SQL Server's ``instance|database``).

A name alone is weak evidence (every team has a database called ``app``), so matching also
asks :func:`addresses_disagree` before trusting it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Iterator

from catalog_api.graph import ServiceGraph
from catalog_api.merge.keys import Address, addresses, canonical
from catalog_api.model import Node

DATABASE_ATTRIBUTES = ("database", "databases", "db", "dbname", "db.name", "db.namespace")
DETAIL = "databases"


def databases_by_node(graph: ServiceGraph, *, composed: bool) -> dict[str, frozenset[str]]:
    """Node id -> the canonical database names the node holds, for every node holding any.
    With ``composed``, namespaced values also give their database part (see above)."""
    found: dict[str, set[str]] = {}
    for edge in graph.edges():
        found.setdefault(edge.target, set()).update(edge.detail.get(DETAIL, ()))
    for node in graph.nodes():
        found.setdefault(node.id, set()).update(_attribute_values(node))
    read = _database_parts if composed else _whole
    return {
        node_id: names
        for node_id, values in found.items()
        if (names := frozenset(n for value in values for n in read(value) if n))
    }


def addresses_disagree(static: Node, observed: Node) -> bool:
    """Whether the two nodes' addresses say they are different servers even though their
    database names agree: both give ports and no port is shared, or both give IP addresses
    and no IP is shared. Host names are not compared: DNS may give one server many."""
    ours, theirs = addresses(static), addresses(observed)
    return _disjoint(_ports(ours), _ports(theirs)) or _disjoint(_ips(ours), _ips(theirs))


def _attribute_values(node: Node) -> Iterator[str]:
    for key in DATABASE_ATTRIBUTES:
        yield from node.attributes.get(key, "").split(",")


def _whole(value: str) -> Iterator[str]:
    yield canonical(value)


def _database_parts(value: str) -> Iterator[str]:
    """``value`` itself, its first ``.`` part and each ``|`` part, canonical."""
    yield canonical(value)
    yield canonical(value.split(".", 1)[0])
    if "|" in value:
        yield from (canonical(part) for part in value.split("|"))


def _ports(found: Iterable[Address]) -> set[int]:
    return {a.port for a in found if a.port is not None}


def _ips(found: Iterable[Address]) -> set[str]:
    out = set()
    for address in found:
        try:
            out.add(str(ipaddress.ip_address(address.host)))
        except ValueError:
            continue
    return out


def _disjoint(a: set[int] | set[str], b: set[int] | set[str]) -> bool:
    return bool(a) and bool(b) and not a & b
