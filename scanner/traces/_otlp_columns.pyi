"""Types of the C reader of binary OTLP requests (``_otlp_columns.c``)."""

from typing import Any

VERSION: int

def columns(data: bytes, /) -> tuple[Any, ...] | None: ...
