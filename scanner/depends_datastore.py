"""A datastore address read from an environment variable the repository never sets
(``create_async_engine(os.getenv("DB_URL"))``, the value kept in a gitignored ``.env``),
reached through the compose ``depends_on`` that starts its server first.

``depends_on`` only orders start-up, and is copied between services by mistake (an
``order_service`` depending on ``user_postgres`` while its URL names ``order_postgres``), so
it is read only when nothing else can be: the address is wholly unknown for lack of
environment values (no part of it the scanner could not follow, no variable with a value),
and exactly one ``depends_on`` target is a datastore of the technology the code needs (a
SQLAlchemy engine needs a SQL server; a Redis client, Redis).
"""

from __future__ import annotations

from scanner.hosts import HostMap
from scanner.notes import missing_env
from scanner.services import Service
from scanner.values import Choice, Join, Unknown, Value

# servers a SQL library connects to (SQLAlchemy, the ``databases`` package)
_SQL_SERVERS = frozenset({"postgres", "mysql", "mssql", "oracle", "cockroachdb"})


def depended_datastore(
    caller: Service,
    resolved: Value,
    technology: str | None,
    library_technology: str,
    hosts: HostMap,
) -> tuple[str, int] | None:
    """(the name of the datastore, the line of its ``depends_on`` entry) the unresolved
    address ``resolved`` reaches, or None."""
    spec = caller.compose
    if spec is None or not _only_missing_env(resolved):
        return None
    wanted = {technology} if technology else set()
    if not wanted and library_technology == "sql":
        wanted = set(_SQL_SERVERS)
    elif not wanted and library_technology:
        wanted = {library_technology}
    found = []
    for name in spec.depends_on:
        target = hosts.service(name)
        kind = target.image_kind if target is not None else None
        if kind is not None and kind.role == "datastore" and kind.technology in wanted:
            found.append(name)
    if len(found) != 1:
        return None
    return found[0], spec.depends_lines.get(found[0], spec.line)


def _only_missing_env(value: Value) -> bool:
    """Whether ``value`` waits only for environment variables (set nowhere)."""
    if not missing_env(value):
        return False
    return not any(isinstance(p, Unknown | Join | Choice) for p in value.parts)
