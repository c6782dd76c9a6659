"""A Rich progress bar for scans, on stderr, only when a person is watching (a TTY): logs and
CI output stay free of control characters."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

ProgressCallback = Callable[[int, int], None]


@contextmanager
def scan_progress(label: str) -> Iterator[ProgressCallback | None]:
    """A ``progress(done, total)`` callback drawing a bar, or ``None`` when stderr is not a
    terminal (so the scanner can skip the bookkeeping)."""
    if not sys.stderr.isatty():
        yield None
        return
    # Rich is imported only when a bar is drawn; `--help` and piped runs never pay for it.
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    columns = (
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance
