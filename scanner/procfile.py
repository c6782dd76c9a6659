"""Procfiles (Heroku, Dokku, foreman, honcho) as service boundaries.

Each process type of a Procfile is a service running from the Procfile's directory, like
compose services sharing a build context: ``web`` (else the first process) is named by the
directory, the others ``<directory>-<type>`` (``shop-worker``). Their commands tell Celery
workers from web apps, so task findings go to the worker. ``release`` is a one-off step
(migrations), not a service. Only read for directories no compose file or Kubernetes
manifest declares: those manifests name the services better.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping

from scanner.services import Service

_ENTRY = re.compile(r"^([A-Za-z0-9_-]+)\s*:\s*(\S.*?)\s*$")
_ONE_OFF = frozenset({"release"})


def procfile_services(
    procfiles: Mapping[str, str], declared: Mapping[str, Service], root_name: str
) -> list[Service]:
    """Services of every Procfile outside the declared services' directories."""
    found: list[Service] = []
    for path, text in sorted(procfiles.items()):
        if any(s.owns(path) for s in declared.values()):
            continue
        directory = posixpath.dirname(path)
        base = posixpath.basename(directory) or root_name
        entries = [
            (m.group(1), m.group(2), number)
            for number, line in enumerate(text.splitlines(), start=1)
            if (m := _ENTRY.match(line)) and m.group(1) not in _ONE_OFF
        ]
        main = next((e for e in entries if e[0] == "web"), entries[0] if entries else None)
        for process, command, line in entries:
            name = base if (process, command, line) == main else f"{base}-{process}"
            service = Service(name, directory, command=command)
            service.declared_by = (path, line, f"Procfile {process}: {command}")
            found.append(service)
    return found
