"""MongoDB through pymongo and motor.

Recognises: ``MongoClient(url)`` / ``MongoClient(host=..., port=...)`` and motor's
``AsyncIOMotorClient(url)`` (a db use of the Mongo at that address; the URL's path names
the database), the database picked from such a client with ``client["name"]``,
``client.get_database("name")`` or ``client.name`` (database detail), and collections
picked with ``db["name"]`` / ``db.get_collection("name")`` on such a database (table
detail). Deliberately ignores: the client's own attributes and methods (``client.admin``,
``client.close()``, ...), databases chosen at run time, and MongoEngine (its own detector).
"""

from __future__ import annotations

import libcst as cst

from scanner.detectors.base import Detector, arg, method_of, splatted
from scanner.evaluate import Evaluator
from scanner.findings import DatastoreUse, TableUse
from scanner.modules import ModuleContext
from scanner.values import Value

DEFAULT = "mongodb://localhost:27017"  # where a client connects when given no host
CLIENTS = frozenset(
    {
        "pymongo.MongoClient",
        "pymongo.mongo_client.MongoClient",
        "pymongo.AsyncMongoClient",
        "motor.motor_asyncio.AsyncIOMotorClient",
    }
)


# Attributes of MongoClient / AsyncIOMotorClient that are not databases.
CLIENT_ATTRIBUTES = frozenset(
    {
        "address",
        "admin",
        "arbiters",
        "codec_options",
        "delegate",
        "get_io_loop",
        "io_loop",
        "is_mongos",
        "is_primary",
        "nodes",
        "options",
        "primary",
        "read_concern",
        "read_preference",
        "secondaries",
        "topology_description",
        "write_concern",
        "HOST",
        "PORT",
    }
)


class PymongoClients(Detector):
    name = "pymongo"
    modules = frozenset({"pymongo", "motor"})

    def __init__(self, ctx: ModuleContext, evaluator: Evaluator) -> None:
        super().__init__(ctx, evaluator)
        self._called: set[int] = set()  # ids of attributes called as methods

    def visit_Attribute(self, node: cst.Attribute) -> None:
        """``client.shop``: the database ``shop`` (not a method call, not the client's own
        attributes)."""
        name = node.attr.value
        called = id(node) in self._called
        if not called and name not in CLIENT_ATTRIBUTES and not name.startswith("_"):
            self._pick(node, node.value, Value.of(name), False)

    def visit_Call(self, node: cst.Call) -> None:
        self._called.add(id(node.func))
        if self.names(node.func) & CLIENTS:
            host = arg(node, 0, "host")
            given = self.value(host) if host is not None else None
            self._use(node, mongo_address(given, None, _default(node, Value.of(DEFAULT))), None)
            return
        found = method_of(node)
        if found is not None and found[1] in ("get_database", "get_collection"):
            name = arg(node, 0, "name")
            if name is not None:
                is_collection = found[1] == "get_collection"
                self._pick(node, found[0], self.value(name), is_collection, name)

    def visit_Subscript(self, node: cst.Subscript) -> None:
        if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            key_node = node.slice[0].slice.value
            key = self.value(key_node)
            if key.text is not None:
                self._pick(node, node.value, key, None, key_node)

    def _pick(
        self,
        node: cst.CSTNode,
        receiver: cst.BaseExpression,
        name: Value,
        collection: bool | None,
        name_node: cst.BaseExpression | None = None,
    ) -> None:
        """A database picked from a client (cited at the client's creation) or a collection
        picked from a database (cited where its name is written)."""
        made, maker = self.made_by(receiver)
        if made & CLIENTS and maker is not None and collection is not True:
            host = arg(maker, 0, "host")
            default = Value.of(DEFAULT)
            address = self.made_value(host) if host is not None else default
            path, line = self.made_at(maker) or (self.ctx.path, self.line(node))
            use = DatastoreUse(path, line, "pymongo", "mongodb", address, database=name)
            self.findings.append(use)
        elif collection is not False and self._is_database(receiver) and name.text:
            path, line = self.written_at(name_node) or (self.ctx.path, self.line(node))
            self.findings.append(TableUse(path, line, name.text))

    def _is_database(self, receiver: cst.BaseExpression) -> bool:
        found = self.ev.origin(self.ctx, receiver)
        if found is not None:
            inner = method_of(found[1])
            if inner is not None and inner[1] == "get_database":
                return True
        bound = self.ev.resolve(self.ctx, receiver)
        node = getattr(bound, "node", None)
        if isinstance(node, cst.Subscript):
            made, _ = self.made_by(node.value)
            return bool(made & CLIENTS)
        return False

    def _use(self, node: cst.CSTNode, address: Value, database: Value | None) -> None:
        use = DatastoreUse(
            self.ctx.path, self.line(node), "pymongo", "mongodb", address, database=database
        )
        self.findings.append(use)


def _default(node: cst.Call, fallback: Value) -> Value:
    """The library's default address, unless ``**kwargs`` may carry the real one."""
    return Value.unknown("**kwargs") if splatted(node) else fallback


def mongo_address(host: Value | None, port: Value | None, default: Value) -> Value:
    """A ``mongodb://`` address from a host given as a name or a URL and an optional port;
    ``default`` without a host."""
    if host is None:
        return default
    if host.text is not None and "://" not in host.text:
        host = Value.of("mongodb://") + host
    return host + (Value.of(":") + port if port is not None else Value())
