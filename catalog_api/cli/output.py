"""Writing results to a file or, for ``-o -``, to stdout."""

from __future__ import annotations

import sys
from pathlib import Path

from catalog_api.cli.errors import BadInput


def is_stdout(target: Path) -> bool:
    return str(target) == "-"


def write_output(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target``, creating no folders: a missing folder is a typo more
    often than a wish."""
    if is_stdout(target):
        sys.stdout.flush()  # anything echoed before goes first
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise BadInput(f"cannot write {target}: {exc.strerror or exc}") from exc
