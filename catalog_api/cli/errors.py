"""How the CLI fails: exit code 2 and one line on stderr for input the user can fix."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click


class BadInput(click.ClickException):
    """Bad usage or bad input: printed as ``Error: <reason>``, exit code 2."""

    exit_code = 2


@contextmanager
def reported_as_bad_input() -> Iterator[None]:
    """Turn the errors the store and the use cases raise for fixable input into BadInput,
    so a wrong path or a foreign database file gives one line, not a traceback."""
    from catalog_api.store import StoreError
    from catalog_api.usecases import InputError

    try:
        yield
    except (InputError, StoreError) as exc:
        raise BadInput(str(exc)) from exc
