"""Which service a hostname names: compose service names, container names, hostnames,
network aliases and the Kubernetes DNS forms ``svc.ns.svc`` and ``svc.ns.svc.cluster.local``
(``svc.ns`` alone is not trusted: it reads the same as an external ``host.domain``).
"""

from __future__ import annotations

from collections.abc import Iterable

from scanner.services import Service

LOCAL_HOSTS = frozenset(
    {"localhost", "127.0.0.1", "0.0.0.0", "::1", "[::1]", "host.docker.internal"}
)


class HostMap:
    """Looks hostnames up among the declared services."""

    def __init__(self, services: Iterable[Service]) -> None:
        self._by_name: dict[str, Service] = {}
        for service in services:
            for name in sorted({service.name, *service.aliases}):
                self._by_name.setdefault(name.lower(), service)
        for service in services:  # a service's own name beats another's alias
            self._by_name[service.name.lower()] = service

    def service(self, host: str) -> Service | None:
        host = host.lower().rstrip(".")
        found = self._by_name.get(host)
        if found is None and host.endswith((".svc", ".svc.cluster.local")):
            found = self._by_name.get(host.split(".", 1)[0])
        return found


def is_local(host: str) -> bool:
    return host.lower() in LOCAL_HOSTS
