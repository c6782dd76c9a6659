"""Network addresses read from resolved values: URLs, DSNs and ``host:port`` pairs.

The assembler needs the host (to find the node), the technology the scheme names, the
database a DSN selects and the path an HTTP call hits. Parts still unknown after resolution
are replaced by a marker so that an address whose *host* is unknown is reported, while one
whose path is partly unknown still yields an edge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from scanner.values import Choice, EnvRef, Join, Unknown, Value

MARK = "\x00"  # stands for a part we could not resolve

SCHEME_TECHNOLOGY = {
    "postgresql": "postgres",
    "postgres": "postgres",
    "asyncpg": "postgres",  # Tortoise ORM and other driver-named schemes
    "psycopg": "postgres",
    "psycopg2": "postgres",
    "aiomysql": "mysql",
    "asyncmy": "mysql",
    "mysql": "mysql",
    "mariadb": "mysql",
    "sqlite": "sqlite",
    "redis": "redis",
    "rediss": "redis",
    "unix": "redis",
    "mongodb": "mongodb",
    "mongodb+srv": "mongodb",
    "amqp": "rabbitmq",
    "amqps": "rabbitmq",
    "pyamqp": "rabbitmq",
    "kafka": "kafka",
    "mssql": "mssql",
    "oracle": "oracle",
    "cockroachdb": "cockroachdb",
    "memcached": "memcached",
    "http": "http",
    "https": "http",
    "grpc": "grpc",
    "elasticsearch": "elasticsearch",
    "cassandra": "cassandra",
}

# Django database backends by their module's last name, as the URL schemes they speak
DJANGO_BACKENDS = {
    "postgresql": "postgresql",
    "postgresql_psycopg2": "postgresql",
    "postgis": "postgresql",
    "mysql": "mysql",
    "sqlite3": "sqlite",
    "spatialite": "sqlite",
    "oracle": "oracle",
    "mssql": "mssql",
}

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://")


@dataclass(frozen=True, slots=True)
class Address:
    """What an address names; ``host`` is None when it could not be resolved."""

    scheme: str | None
    host: str | None
    port: int | None
    path: str
    database: str | None = None

    @property
    def technology(self) -> str | None:
        if self.scheme is None:
            return None
        scheme = self.scheme.removeprefix("db+").removeprefix("cache+")  # Celery backends
        base = scheme.split("+", 1)[0]
        return SCHEME_TECHNOLOGY.get(scheme) or SCHEME_TECHNOLOGY.get(base)


def marked_text(value: Value) -> str:
    """The value as text with every unresolved part replaced by :data:`MARK`."""
    out = []
    for part in value.parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, EnvRef | Unknown | Join | Choice):
            out.append(MARK)
    return "".join(out)


def parse_address(value: Value, default_scheme: str | None = None) -> Address:
    """Parse a URL/DSN (``scheme://user:pw@host:port/db``) or a bare ``host:port``."""
    text = marked_text(value).strip()
    match = _SCHEME.match(text)
    if match is None:
        if default_scheme is None and "/" in text.split(MARK, 1)[0]:
            return Address(None, None, None, text)
        text = f"{default_scheme or 'tcp'}://{text}"
        match = _SCHEME.match(text)
        assert match is not None
    scheme = match.group(1).lower()
    if "." in scheme:  # a Django ENGINE (``django.db.backends.postgresql``) as the scheme
        scheme = DJANGO_BACKENDS.get(scheme.rsplit(".", 1)[-1], scheme)
        text = scheme + text[len(match.group(1)) :]
    if scheme.split("+", 1)[0] == "sqlite":
        return _sqlite(text, scheme)
    split = urlsplit(text.split(",", 1)[0] if "," in text.split("/", 3)[2] else text)
    netloc = split.netloc.rsplit("@", 1)[-1]
    host, port = _host_port(netloc)
    database = unquote(split.path.lstrip("/")) or None
    return Address(scheme, host, port, split.path or "", database)


def _host_port(netloc: str) -> tuple[str | None, int | None]:
    host, _, port_text = netloc.rpartition(":") if ":" in netloc else (netloc, "", "")
    if not host or MARK in host:
        return None, None
    port = int(port_text) if port_text.isdigit() else None
    return host.lower(), port


def _sqlite(text: str, scheme: str) -> Address:
    path = text.split("://", 1)[1].lstrip("/")
    name = path.rsplit("/", 1)[-1] if path and MARK not in path else None
    return Address(scheme, None, None, path, name or (":memory:" if not path else None))
