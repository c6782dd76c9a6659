"""Compose services that run a datastore's image only for its command-line client: a
one-off job, not a second datastore.

Course projects start a ``mysql-cmdline`` container from ``mysql:5.7`` to create the
database and its users (``command: mysql -uroot -p... -h db -e "create database ..."``).
Read by its image alone it would be a MySQL server of its own. It serves nothing: it is a
job that talks to the datastore its ``-h``/``--host`` (or URL) names. Such a service is
drawn as a service node (it is declared, and it writes to the database) with a ``db``
(or ``cache``) edge of provenance ``config`` to that datastore, like the other services
the scanner knows only from configuration (:mod:`scanner.polyglot`). A command that also
starts the server (``redis-server & redis-cli ...``) is the server's.
"""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit

from scanner.commands import command_words
from scanner.config.compose import ComposeService

_CLIENTS = frozenset(
    {
        "mysql",
        "mariadb",
        "mysqldump",
        "mysqladmin",
        "psql",
        "pg_dump",
        "pg_restore",
        "pg_isready",
        "redis-cli",
        "mongo",
        "mongosh",
        "mongoimport",
        "mongorestore",
        "cqlsh",
    }
)
_SERVERS = frozenset(
    {
        "mysqld",
        "mariadbd",
        "postgres",
        "redis-server",
        "mongod",
        "cassandra",
        "docker-entrypoint.sh",
    }
)
_HOST_OPTIONS = ("-h", "--host")


def job_command(spec: ComposeService) -> str | None:
    """What a compose service runs, read for a client program: its ``entrypoint`` (``["mysql",
    ...]``) followed by its ``command``."""
    return " ".join(filter(None, [spec.entrypoint, spec.command])) or None


def runs_client(command: str | None) -> bool:
    """Whether ``command`` runs a datastore client and no datastore server."""
    programs = {posixpath.basename(w) for w in command_words(command or "")}
    return bool(programs & _CLIENTS) and not programs & _SERVERS


def client_hosts(command: str | None) -> list[str]:
    """The hosts a client command connects to: ``-h db``, ``-hdb``, ``--host=db``,
    ``--host db`` and the host of a URL argument (``postgresql://u@db/app``)."""
    words = command_words(command or "")
    found: list[str] = []
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        host = _host_of(word, following)
        if host and host not in found:
            found.append(host)
    return found


def _host_of(word: str, following: str) -> str | None:
    if word in _HOST_OPTIONS:
        return following or None
    if word.startswith("--host="):
        return word.split("=", 1)[1] or None
    if word.startswith("-h") and len(word) > 2 and not word.startswith("--"):
        return word[2:]
    if "://" in word:
        try:
            return urlsplit(word).hostname
        except ValueError:
            return None
    return None
