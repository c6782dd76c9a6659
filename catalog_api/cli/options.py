"""Options several commands share, and how their values become objects."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from catalog_api.cli.errors import BadInput, reported_as_bad_input

if TYPE_CHECKING:
    from catalog_api.store import SqliteGraphStore

F = TypeVar("F", bound=Callable[..., object])


def db_option(function: F) -> F:
    """``--db FILE``, also read from ``$SERVICEMAP_DB`` and the config file's ``db``."""
    return click.option(
        "--db",
        type=click.Path(dir_okay=False, path_type=Path),
        envvar="SERVICEMAP_DB",
        show_envvar=True,
        help="SQLite database of snapshots. [default: $XDG_DATA_HOME/servicemap/servicemap.db]",
    )(function)


def resolve_db(db: Path | None) -> Path:
    from catalog_api.store import default_db_path

    return db if db is not None else default_db_path()


def open_store(db: Path | None, *, must_exist: bool) -> SqliteGraphStore:
    """The store at ``db`` (or the default location). With ``must_exist``, a missing file is
    bad input instead of a new empty database: reading commands have nothing to read."""
    from catalog_api.store import SqliteGraphStore

    path = resolve_db(db)
    if must_exist and not path.exists():
        raise BadInput(f"no database at {path}; run `servicemap scan PATH` first")
    with reported_as_bad_input():
        return SqliteGraphStore(path)
