"""Amazon S3 through boto3: one datastore per bucket.

Recognises: on a client from ``boto3.client("s3")`` / ``boto3.Session().client("s3")`` /
``session.client("s3")``: object calls with ``Bucket=...`` (``put_object``, ``get_object``,
``upload_file(Filename, Bucket, Key)``, ``download_file``, ``list_objects_v2``, ...); on a
resource from ``boto3.resource("s3")``: ``s3.Bucket("name")`` and ``s3.Object("bucket",
key)``. Deliberately ignores: other AWS services, presigned URLs, buckets only known from
event payloads.
"""

from __future__ import annotations

import libcst as cst

from scanner.detectors.base import Detector, arg, method_of
from scanner.findings import DatastoreUse
from scanner.values import Value

FACTORIES = frozenset(
    {"boto3.client", "boto3.resource", "boto3.session.Session.client", "boto3.Session.client"}
)
POSITIONAL_BUCKET = {
    "upload_file": 1,
    "download_file": 0,
    "upload_fileobj": 1,
    "download_fileobj": 0,
}


class Boto3S3(Detector):
    name = "boto3"
    modules = frozenset({"boto3", "aioboto3"})

    def visit_Call(self, node: cst.Call) -> None:
        found = method_of(node)
        if found is None:
            return
        receiver, method = found
        if not self._is_s3(receiver):
            return
        if method in ("Bucket", "Object"):
            bucket = arg(node, 0, "name", "bucket_name")
        else:
            bucket = arg(node, POSITIONAL_BUCKET.get(method), "Bucket")
        if bucket is not None:
            value = self.value(bucket)
            use = DatastoreUse(
                self.ctx.path, self.line(node), "boto3", "s3", Value.of("s3://") + value, name=value
            )
            self.findings.append(use)

    def _is_s3(self, receiver: cst.BaseExpression) -> bool:
        found = self.ev.origin(self.ctx, receiver)
        if found is None:
            return False
        ctx, call = found
        names = ctx.qualified_names(call.func)
        inner = method_of(call)
        is_factory = bool(names & FACTORIES) or (
            inner is not None and inner[1] in ("client", "resource")
        )
        service = arg(call, 0, "service_name")
        return is_factory and service is not None and self.made_value_in(ctx, service) == "s3"

    def made_value_in(self, ctx: object, node: cst.BaseExpression) -> str | None:
        from scanner.modules import ModuleContext
        from scanner.symbolic import value_of

        assert isinstance(ctx, ModuleContext)
        return value_of(self.ev, ctx, node).text
