"""``.env.example`` files (also ``.env.sample``, ``.env.template``, ``env.example``): what a
repository documents its services should be run with, used only where nothing else says.

Their values are the lowest layer of a service's environment: a variable is taken from an
example only when the service's code reads it with no default and no other source (compose,
Kubernetes, Dockerfile ``ENV``, ``.env``) sets it. An example in a service's directory
speaks for that service; one at the repository root for every service, below the service's
own. Placeholders are not values: an empty value, ``changeme``/``replace_me``, ``<...>``,
``xxx``, ``your-...``, ``example.com`` hosts and ``...`` are ignored (outside a URL's user and
password), so a sample file never invents a node.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import fields

from scanner.config.dotenv import EnvEntry
from scanner.config.repository import is_env_example
from scanner.findings import Finding
from scanner.hosts import HostMap, is_local
from scanner.services import Service, owner_of
from scanner.values import Choice, EnvRef, Join, Value

_PLACEHOLDER = re.compile(
    r"change[-_]?me|replace[-_]?me|<[^>]*>|x{3,}|(?:^|[/@:=\s])your[-_a-z]|\.\.\."
    r"|\bexample\.(?:com|org|net)\b|^(?:todo|tbd|none|null|placeholder)$",
    re.IGNORECASE,
)


_USERINFO = re.compile(r"(?<=//)[^/@\s]*@")


def is_placeholder(value: str) -> bool:
    """Whether a sample value only says what to put there (a URL's user and password are
    not looked at: ``postgres://app:changeme@db/app`` names a real host)."""
    value = _USERINFO.sub("", value.strip())
    return not value or _PLACEHOLDER.search(value) is not None


def add_env_examples(
    services: Mapping[str, Service],
    dotenvs: Mapping[str, Mapping[str, EnvEntry]],
    owned: Mapping[str, Iterable[Finding]],
) -> None:
    """Fill each service's unset variables that its code reads without a default from the
    examples that speak for it (its own first, then the repository root's)."""
    examples = sorted((p, e) for p, e in dotenvs.items() if is_env_example(p))
    if not examples:
        return
    rooted = [entries for path, entries in examples if not posixpath.dirname(path)]
    hosts = HostMap(services.values())
    for service in services.values():
        if service.path is None or service.foreign or service.image_kind is not None:
            continue
        wanted = {n for f in owned.get(service.name, ()) for n in _bare_env(f)} - service.env.keys()
        if not wanted:
            continue
        layers = [
            e for p, e in examples if owner_of(p, services) is service and posixpath.dirname(p)
        ]
        for entries in [*layers, *rooted]:
            for name in sorted(wanted & entries.keys()):
                value = entries[name].value
                if not is_placeholder(value) and not _stale_host(value, services, hosts):
                    service.env.setdefault(name, entries[name])


# a bare host in an address: ``scheme://[user@]host[:port][/...]`` or ``host:port``
_HOST = re.compile(
    r"^(?:[a-z][\w+.-]*://(?:[^/@\s]*@)?([A-Za-z0-9_-]+)(?::\d+)?(?:[/?#].*)?"
    r"|([A-Za-z0-9_-]+):\d+)$"
)


def _stale_host(value: str, services: Mapping[str, Service], hosts: HostMap) -> bool:
    """Whether an example value points at a bare host name (``users-db``, not a domain, an
    IP or localhost) that no service of a repository with declared services answers to: a
    sample file outlives the compose file it was written for."""
    found = _HOST.match(value.strip())
    if found is None or not any(s.compose is not None or s.kubernetes for s in services.values()):
        return False
    host = found.group(1) or found.group(2)
    return not is_local(host) and not host.isdigit() and hosts.service(host) is None


def _bare_env(finding: Finding) -> set[str]:
    """Environment variables a finding's values read with no default in code."""
    found: set[str] = set()
    for field in fields(finding):
        value = getattr(finding, field.name)
        if isinstance(value, Value):
            found |= _bare(value)
    return found


def _bare(value: Value) -> set[str]:
    found: set[str] = set()
    for part in value.parts:
        if isinstance(part, EnvRef):
            found |= {part.name} if part.default is None else _bare(part.default)
        elif isinstance(part, Join):
            found |= _bare(part.base) | _bare(part.ref)
        elif isinstance(part, Choice):
            for option in part.options:
                found |= _bare(option)
    return found
