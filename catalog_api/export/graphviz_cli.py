"""Lay out DOT with Graphviz's ``dot`` program.

The DOT goes in on stdin (no temporary files, no shell), the image comes back on stdout, and
a timeout bounds a pathological graph. ``dot`` is looked up on PATH at call time so a missing
install is a clear :class:`GraphvizMissingError`, not a traceback.
"""

from __future__ import annotations

import shutil
import subprocess

from catalog_api.export.errors import GraphvizError, GraphvizMissingError

DEFAULT_TIMEOUT_S = 60.0


def run_dot(source: str, output_format: str, *, timeout: float = DEFAULT_TIMEOUT_S) -> bytes:
    """``source`` laid out by ``dot -T<output_format>``, as the bytes ``dot`` wrote."""
    executable = shutil.which("dot")
    if executable is None:
        raise GraphvizMissingError()
    try:
        done = subprocess.run(
            [executable, f"-T{output_format}"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise GraphvizError(f"Graphviz 'dot' took longer than {timeout:g}s; gave up") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        first = reason[0] if reason else f"exit status {done.returncode}"
        raise GraphvizError(f"Graphviz 'dot' failed: {first}")
    return done.stdout
