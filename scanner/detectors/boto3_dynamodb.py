"""Amazon DynamoDB through boto3: one datastore per table.

Recognises: on a client the evaluator traces to ``boto3.client("dynamodb")`` (also through a
``boto3.Session``): item calls with ``TableName=...`` (``get_item``, ``put_item``,
``update_item``, ``delete_item``, ``query``, ``scan``) and the table names that key a literal
``RequestItems={...}`` (``batch_get_item``, ``batch_write_item``); on a resource from
``boto3.resource("dynamodb")``: ``dynamodb.Table("name")``. Deliberately ignores: table
administration (``create_table``, ``describe_table``, ``delete_table``: set-up, not use),
``transact_*`` calls, tables named only in a variable ``RequestItems`` dict, and every other
AWS service.
"""

from __future__ import annotations

import libcst as cst

from scanner.detectors.base import Detector, arg, method_of
from scanner.detectors.boto3_services import service_of
from scanner.findings import DatastoreUse
from scanner.index import ModuleIndex
from scanner.values import Value

ITEM_CALLS = frozenset({"get_item", "put_item", "update_item", "delete_item", "query", "scan"})
BATCH_CALLS = frozenset({"batch_get_item", "batch_write_item"})


class Boto3DynamoDB(Detector):
    name = "boto3_dynamodb"
    modules = frozenset({"boto3", "aioboto3"})

    @classmethod
    def markers(cls) -> frozenset[str]:
        return cls.modules | {"TableName", ".Table(", "RequestItems"}

    @classmethod
    def wants(cls, index: ModuleIndex) -> bool:
        """Also files that use a client or table built in another module."""
        calls = index.calls.keys() & (ITEM_CALLS | BATCH_CALLS | {"Table"})
        return bool(cls.modules & index.imported_roots or calls)

    def visit_Call(self, node: cst.Call) -> None:
        found = method_of(node)
        if found is None or found[1] not in ITEM_CALLS | BATCH_CALLS | {"Table"}:
            return
        receiver, method = found
        if service_of(self, receiver) != "dynamodb":
            return
        if method == "Table":
            table = arg(node, 0, "name")
            tables = [table] if table is not None else []
        elif method in ITEM_CALLS:
            table = arg(node, None, "TableName")
            tables = [table] if table is not None else []
        else:
            tables = _keys(arg(node, None, "RequestItems"))
        for table in tables:
            self._use(node, self.value(table))

    def _use(self, node: cst.Call, table: Value) -> None:
        found = DatastoreUse(
            self.ctx.path,
            self.line(node),
            "boto3",
            "dynamodb",
            Value.of("dynamodb://") + table,
            name=table,
        )
        self.findings.append(found)


def _keys(node: cst.BaseExpression | None) -> list[cst.BaseExpression]:
    """The keys of a dict literal (``{TABLE: [...], "audit": [...]}``)."""
    if not isinstance(node, cst.Dict):
        return []
    return [e.key for e in node.elements if isinstance(e, cst.DictElement)]
