"""URLs built from parts by a library call: SQLAlchemy's ``URL.create(...)`` and pydantic's
``PostgresDsn.build(...)`` / ``MultiHostUrl.build(...)`` (what settings classes return from a
``DATABASE_URL`` property), read as the URL they make.

Each builder is known by qualified name with its parameter names (positional order for the
ones that take positionals); the URL is ``scheme://host[:port][/path]``, the host
``localhost`` when none is given (both libraries' default for a database URL is the local
server). Credentials, query and fragment are left out: they name no host (and credentials
are secrets).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import libcst as cst

from scanner.values import Value

_SQLALCHEMY = ("drivername", "username", "password", "host", "port", "database")
_PYDANTIC = ("scheme", "username", "password", "host", "port", "path")
_PYDANTIC_TYPES = (
    "AnyUrl",
    "AnyHttpUrl",
    "HttpUrl",
    "PostgresDsn",
    "CockroachDsn",
    "AmqpDsn",
    "RedisDsn",
    "MongoDsn",
    "KafkaDsn",
    "NatsDsn",
    "MySQLDsn",
    "MariaDBDsn",
    "ClickHouseDsn",
)
BUILDERS: dict[str, tuple[str, ...]] = {
    **{
        f"{module}.URL.create": _SQLALCHEMY
        for module in ("sqlalchemy", "sqlalchemy.engine", "sqlalchemy.engine.url")
    },
    **{
        f"{module}.{kind}.build": _PYDANTIC
        for module in ("pydantic", "pydantic.networks", "pydantic.v1", "pydantic.v1.networks")
        for kind in _PYDANTIC_TYPES
    },
    **{f"pydantic_core.{kind}.build": _PYDANTIC for kind in ("Url", "MultiHostUrl")},
}
_ALIASES = {"drivername": "scheme", "database": "path", "user": "username"}


def built_url(
    names: frozenset[str], call: cst.Call, evaluate: Callable[[cst.BaseExpression], Value]
) -> Value | None:
    """The URL ``call`` builds when it is a known builder (see above), else None."""
    builder = next((BUILDERS[n] for n in names if n in BUILDERS), None)
    if builder is None:
        return None
    given: dict[str, Value] = {}
    positional = [a.value for a in call.args if a.keyword is None and not a.star]
    for name, expr in zip(builder, positional, strict=False):
        given[_ALIASES.get(name, name)] = evaluate(expr)
    for a in call.args:
        if a.keyword is not None:
            given[_ALIASES.get(a.keyword.value, a.keyword.value)] = evaluate(a.value)
    return _url(given)


def _url(parts: Mapping[str, Value]) -> Value:
    url = parts.get("scheme", Value.unknown("scheme")) + Value.of("://")
    url = url + parts.get("host", Value.of("localhost"))  # credentials left out: secrets
    url = url + (Value.of(":") + parts["port"] if "port" in parts else Value())
    path = parts.get("path")
    if path is None:
        return url
    text = path.text
    if text is not None:  # pydantic v1 wants the leading ``/``, v2 adds it
        return url + Value.of("/" + text.lstrip("/"))
    first = path.parts[0] if path.parts else None
    slashed = isinstance(first, str) and first.startswith("/")  # f"/{db}"
    return url + (path if slashed else Value.of("/") + path)
