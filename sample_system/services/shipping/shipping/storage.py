"""Keeps labels in S3, where the warehouse printers fetch them."""

from __future__ import annotations

from typing import Any

import boto3
from opentelemetry import trace

from shipping.labels import Label
from shipping.settings import AWS_REGION, S3_BUCKET

tracer = trace.get_tracer(__name__)


def s3_client() -> Any:
    """Credentials come from the pod's IAM role (or AWS_* variables locally)."""
    return boto3.client("s3", region_name=AWS_REGION)


class LabelStore:
    """Writes one label object per order into the labels bucket."""

    def __init__(self, s3: Any) -> None:
        self._s3 = s3

    def save(self, label: Label) -> None:
        with tracer.start_as_current_span("shipping.upload_label") as span:
            span.set_attribute("aws.s3.bucket", S3_BUCKET)
            span.set_attribute("aws.s3.key", label.key)
            self._s3.put_object(
                Bucket=S3_BUCKET,
                Key=label.key,
                Body=label.body,
                ContentType="text/plain; charset=utf-8",
                ServerSideEncryption="AES256",
                Metadata={"tracking-number": label.tracking_number, "carrier": label.carrier},
            )
