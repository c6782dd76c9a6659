"""Which service a hostname names: compose service names, container names, hostnames,
network aliases (one several services share names none of them) and the Kubernetes DNS
forms ``svc.ns.svc`` and ``svc.ns.svc.cluster.local`` (``svc.ns`` alone is not trusted: it
reads the same as an external ``host.domain``); and which service publishes a port on the
Docker host, so ``localhost:8000`` (or Docker's names for the host,
``host.docker.internal:8000``) is the compose service publishing ``8000`` (or, with no
manifest, the standalone app whose run call binds it).
"""

from __future__ import annotations

import copy
import posixpath
import re
from collections.abc import Iterable

from scanner.config.compose import port_mapping
from scanner.images import DEFAULT_PORTS
from scanner.services import Service, command_of

# a port a server command binds: ``0.0.0.0:8000``, ``:8000``, ``--port 8000``, ``-p=8000``
_COMMAND_PORTS = re.compile(r"(?:^|[\s=])(?:[\w.\[\]]*:|--port[= ]|-p[= ]?)(\d{2,5})\b")

LOCAL_HOSTS = frozenset(
    {
        "localhost",
        "127.0.0.1",
        "0.0.0.0",
        "::1",
        "[::1]",
        "host.docker.internal",
        "gateway.docker.internal",
        "docker.for.mac.localhost",
        "docker.for.mac.host.internal",
        "docker.for.win.localhost",
    }
)


class HostMap:
    """Looks hostnames up among the declared services."""

    def __init__(self, services: Iterable[Service]) -> None:
        services = list(services)
        self._by_name: dict[str, Service] = {}
        claimed: dict[str, list[Service]] = {}
        for service in services:
            for name in {service.name.lower(), *(a.lower() for a in service.aliases)}:
                claimed.setdefault(name, []).append(service)
        # an alias several services share (``users``, the build directory of ``api``,
        # ``worker`` and ``migrate``) says none of them: it names nothing
        for name, owners in claimed.items():
            if len(owners) == 1:
                self._by_name[name] = owners[0]
        for service in services:  # a service's own name beats another's alias
            self._by_name[service.name.lower()] = service
        self._by_port: dict[int, list[Service]] = {}
        self._projects: dict[str, dict[str, Service]] = {}  # compose project -> its names
        for service in services:
            for port in _published_ports(service):
                self._by_port.setdefault(port, []).append(service)
            if service.compose is not None:
                project = self._projects.setdefault(_project(service.compose.file), {})
                project[service.compose.name.lower()] = service
        self._local: dict[str, Service] = {}

    def seen_from(self, caller: Service) -> HostMap:
        """This map as ``caller`` resolves names: its own compose project's service names
        first (``db`` in ``main/``'s code is ``main/``'s db, named ``main-db``)."""
        if caller.compose is None:
            return self
        view = copy.copy(self)
        view._local = self._projects.get(_project(caller.compose.file), {})
        return view

    def service(self, host: str) -> Service | None:
        host = host.lower().rstrip(".")
        found = self._local.get(host) or self._by_name.get(host)
        if found is None and host.endswith((".svc", ".svc.cluster.local")):
            found = self._by_name.get(host.split(".", 1)[0])
        return found

    def published(self, port: int | None, caller: Service | None = None) -> Service | None:
        """The one service other than ``caller`` publishing ``port`` on the Docker host, if
        any (two publishing it are two projects never run together: no answer). The service
        itself, not a name: its name may mean another service from the caller's project."""
        found = [s for s in self._by_port.get(port or -1, []) if s is not caller]
        return found[0] if len(found) == 1 else None

    def only_datastore(self, technology: str, port: int | None, caller: Service) -> str | None:
        """The name of the one datastore of ``technology`` in ``caller``'s compose project
        (listening on ``port`` when one is given), for a ``localhost`` address in code that
        runs in a container: loopback there is the container itself, so such an address is
        a development default the deployment overrides, and the project's only server of
        that kind is what it reaches."""
        if caller.compose is None:
            return None
        found = [
            s
            for s in self._local.values()
            if s is not caller
            and s.image_kind is not None
            and s.image_kind.technology == technology
        ]
        if len(found) != 1:
            return None
        ports = container_ports(found[0]) | {DEFAULT_PORTS.get(technology, -1)}
        return found[0].name if port is None or port in ports else None


def container_ports(service: Service) -> set[int]:
    """Ports a compose or Kubernetes service listens on inside its container: the container
    side of ``ports``, ``expose``, Kubernetes container ports and those its run command
    binds (``runserver 0.0.0.0:8000``, ``--port 8000``, ``-b :8000``)."""
    found = set(service.ports)
    if service.compose is not None:
        for entry in [*service.compose.ports, *service.compose.expose]:
            container = port_mapping(entry)[2]
            if container is not None:
                found.add(int(container))
    found.update(int(p) for p in _COMMAND_PORTS.findall(command_of(service)))
    return found


def _project(compose_file: str) -> str:
    return posixpath.dirname(compose_file)


def _published_ports(service: Service) -> set[int]:
    """Host ports of compose ``ports`` entries (``[ip:]host:container``), loopback or all
    interfaces, and those a standalone app's own code binds."""
    found = set(service.listens)
    for entry in service.compose.ports if service.compose is not None else []:
        ip, host_port, _ = port_mapping(entry)
        if host_port and (ip or "0.0.0.0") in ("0.0.0.0", "127.0.0.1", "localhost", "::", "::1"):
            found.add(int(host_port))
    return found


def is_local(host: str) -> bool:
    return host.lower() in LOCAL_HOSTS
