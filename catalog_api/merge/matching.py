"""Which observed node is which static node.

An observed node (from traces) is the same as a static node (from the scan) when their kinds
and technologies agree and, trying each rule in turn until one decides:

1. their ids are equal;
2. a name of one is a name of the other (name or alias; case, ``-`` and ``_`` aside), so
   ``service.name=orders-service`` is the scanned ``orders`` whose aliases say so;
3. they share an address with its port (``10.0.3.7:5432`` and a datastore whose aliases or
   address attributes carry it);
4. they share a host where one side gives no port (``orders-db:5432`` is ``orders-db``);
5. for datastores of one known technology, a database the observed node is used for is a
   database the static one holds (a trace's ``db.namespace=orders`` with no address is the
   scanned ``orders-db`` that code opens with ``dbname=orders``), unless their addresses
   say they are different servers (:mod:`catalog_api.merge.databases`).

A rule that finds exactly one static node decides; one that finds several leaves the observed
node apart (and says so), because a wrong merge hides a real difference. Kinds agree when
they are equal or the observed node is external (traces name an uninstrumented peer by its
host without knowing what it is). Technologies agree when either is unknown or both are the
same after synonyms (``postgresql`` is ``postgres``); the technology alone never matches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from catalog_api.graph import ServiceGraph
from catalog_api.merge.databases import addresses_disagree, databases_by_node
from catalog_api.merge.keys import addresses, canonical, names
from catalog_api.model import ROOT_CALLER_NAME, Node, NodeKind, node_id

# The trace ingester's stand-in for callers from outside the system (root server spans):
# not a node of the code, whatever a service happens to be called.
TRACE_CALLER = node_id(NodeKind.EXTERNAL, ROOT_CALLER_NAME)

_TECHNOLOGY_SYNONYMS = {
    "postgresql": "postgres",
    "pg": "postgres",
    "mariadb": "mysql",
    "mongo": "mongodb",
    "mssql": "sqlserver",
    "microsoft.sql-server": "sqlserver",
    "opensearch": "elasticsearch",
    "aws.dynamodb": "dynamodb",
    "aws-sqs": "sqs",
    "aws.sqs": "sqs",
}

Index = dict[object, set[str]]


@dataclass(frozen=True, slots=True)
class NodeMatching:
    """Observed node id -> static node id for every observed node that matched, and the
    candidates of every observed node left apart because a rule found several."""

    ids: Mapping[str, str]
    ambiguous: Mapping[str, tuple[str, ...]]

    def to_static(self, observed_id: str) -> str:
        """The id ``observed_id`` has in the merged graph."""
        return self.ids.get(observed_id, observed_id)


def match_nodes(static: ServiceGraph, observed: ServiceGraph) -> NodeMatching:
    """Match every node of ``observed`` against the nodes of ``static`` (rules above)."""
    nodes = {n.id: n for n in static.nodes()}
    rules = [*_rules(nodes.values()), _same_database(static, observed, nodes)]
    ids: dict[str, str] = {}
    ambiguous: dict[str, tuple[str, ...]] = {}
    for node in observed.nodes():
        if node.id == TRACE_CALLER and node.id not in nodes:
            continue
        for rule in rules:
            found = sorted(s for s in rule(node) if compatible(nodes[s], node))
            if len(found) == 1:
                ids[node.id] = found[0]
                break
            if found:
                ambiguous[node.id] = tuple(found)
                break
    return NodeMatching(ids, ambiguous)


def compatible(static: Node, observed: Node) -> bool:
    """Whether the two could be one node: kinds and technologies agree (see above)."""
    kinds = static.kind == observed.kind or observed.kind == NodeKind.EXTERNAL
    return kinds and same_technology(static.technology, observed.technology)


def same_technology(a: str | None, b: str | None) -> bool:
    return a is None or b is None or _technology(a) == _technology(b)


def _technology(name: str) -> str:
    key = canonical(name)
    return _TECHNOLOGY_SYNONYMS.get(key, key)


def _rules(static: Iterable[Node]) -> list[Callable[[Node], set[str]]]:
    """The matching rules in order, each a lookup in an index built once over ``static``."""
    by_name: Index = {}
    by_address: Index = {}
    by_host: Index = {}  # host -> nodes reachable at it without a port we know
    by_any_host: Index = {}  # host -> nodes reachable at it on any port
    static = list(static)
    for node in static:
        for name in names(node):
            by_name.setdefault(name, set()).add(node.id)
        for address in addresses(node):
            by_any_host.setdefault(address.host, set()).add(node.id)
            index = by_host if address.port is None else by_address
            index.setdefault(address if address.port else address.host, set()).add(node.id)

    known = {node.id for node in static}

    def same_id(node: Node) -> set[str]:
        return {node.id} & known

    def same_name(node: Node) -> set[str]:
        return _union(by_name, names(node))

    def same_address(node: Node) -> set[str]:
        return _union(by_address, (a for a in addresses(node) if a.port is not None))

    def same_host(node: Node) -> set[str]:
        found: set[str] = set()
        for address in addresses(node):
            found |= _lookup(by_any_host if address.port is None else by_host, address.host)
        return found

    return [same_id, same_name, same_address, same_host]


def _same_database(
    static: ServiceGraph, observed: ServiceGraph, nodes: Mapping[str, Node]
) -> Callable[[Node], set[str]]:
    """Rule 5: the static datastores of the observed node's technology holding one of the
    databases it is used for, with no address saying they are different servers."""
    by_database: Index = {}
    for static_id, held in databases_by_node(static, composed=False).items():
        if nodes[static_id].kind == NodeKind.DATASTORE and nodes[static_id].technology:
            for name in held:
                by_database.setdefault(name, set()).add(static_id)
    used = databases_by_node(observed, composed=True)

    def same_database(node: Node) -> set[str]:
        if node.technology is None:
            return set()
        return {
            s
            for s in _union(by_database, used.get(node.id, ()))
            if same_technology(nodes[s].technology, node.technology)
            and not addresses_disagree(nodes[s], node)
        }

    return same_database


def _union(index: Index, keys: Iterable[object]) -> set[str]:
    found: set[str] = set()
    for key in keys:
        found |= _lookup(index, key)
    return found


def _lookup(index: Index, key: object) -> set[str]:
    return index.get(key, set())
