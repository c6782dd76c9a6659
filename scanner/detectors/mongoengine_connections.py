"""MongoDB through MongoEngine's connections.

Recognises ``mongoengine.connect(db, alias, host=..., port=...)`` and
``register_connection(alias, db=..., name=..., host=..., port=...)`` (also from
``mongoengine.connection``, and with a settings dict splatted in): ``host`` is a host name
or a ``mongodb://`` URL, whose path names the database when no ``db`` is given; without a
host MongoEngine connects to localhost:27017. Each is a db use of the Mongo at that address.
Deliberately ignores: ``mongomock://`` hosts (tests), ``disconnect``, and documents'
``meta = {"db_alias": ...}`` (which connection a model uses changes no server).
"""

from __future__ import annotations

import libcst as cst

from scanner.detectors.base import Detector
from scanner.detectors.connect_args import ConnectArgs
from scanner.detectors.pymongo_clients import DEFAULT, mongo_address
from scanner.findings import DatastoreUse

_PREFIXES = ("mongoengine", "mongoengine.connection")
CONNECTS = frozenset(f"{p}.connect" for p in _PREFIXES)
REGISTERS = frozenset(f"{p}.register_connection" for p in _PREFIXES)


class MongoengineConnections(Detector):
    name = "mongoengine"
    modules = frozenset({"mongoengine"})

    def visit_Call(self, node: cst.Call) -> None:
        names = self.names(node.func)
        if names & CONNECTS:
            self._connection(node, ConnectArgs(self, node), db_position=0)
        elif names & REGISTERS:
            self._connection(node, ConnectArgs(self, node), db_position=1)

    def _connection(self, node: cst.Call, args: ConnectArgs, db_position: int) -> None:
        host = args.value(db_position + 2 if db_position else None, "host")
        if host is not None and (host.text or "").startswith("mongomock://"):
            return
        address = mongo_address(host, args.value(None, "port"), args.or_default(None, DEFAULT))
        database = args.value(db_position, "db", "name")
        use = DatastoreUse(
            self.ctx.path, self.line(node), "mongoengine", "mongodb", address, database=database
        )
        self.findings.append(use)
