"""Findings of a directory that several services are built from (a web app and its consumer
script, an API and its Celery worker, standalone apps side by side): who owns each, and who
else shares it.

The rule, kept simple so a reader can check it:

- Each service of such a directory runs the files its entry module reaches through imports
  (:mod:`scanner.entry_reach`). A file belongs to the service whose command runs it; else,
  when some services reach it on their own account (not only through another service's
  entry module), to one of those; else to the service :func:`~scanner.services.owner_of`
  names (the file is no one's entry and no entry reaches it: the earlier rule).
- A service whose command names no file of the directory (an image's unread ``CMD``,
  ``mod_wsgi-express`` of a file elsewhere) may run anything there: a file no entry reaches
  is its (not the consumer script's beside it); a file an entry reaches stays with
  :func:`~scanner.services.owner_of`'s choice, shared as below by the services reaching it.
- Another service that also reaches the file shares two kinds of its findings:
  connections made when the module is imported (datastore connections and engines, Django
  ``DATABASES``, broker connections, the tables of ORM models defined at module level),
  because importing the module opens them for every importer; and what happens inside a
  top-level function or class that the service's own code imports by name (``from producer
  import publish``), because it calls it. Request handlers, routes, app and task definitions
  stay with the owner: a consumer doing ``from main import db`` uses the web app's database,
  not its routes or the HTTP calls its views make. A call inside such a function is not the
  owner's when its own code imports other names of the module and not that one
  (``from jobs import add_job`` in the web app, ``from jobs import next_job`` in the worker:
  ``next_job``'s Redis pop is the worker's alone).

Celery task definitions always go to the worker (:func:`~scanner.services.owner_of`);
monitors such as Flower import the Celery app but run none of its code, so they take no
part. A service never shares a broker connection when it makes its own to that kind of
broker.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from scanner.commands import entry_files, runs_monitor
from scanner.entry_reach import Reach, enclosing, reach_from
from scanner.findings import (
    BrokerConnection,
    DatastoreUse,
    Finding,
    GrpcClient,
    HttpCall,
    Messaging,
    NetworkCall,
    RpcCall,
    TableUse,
)
from scanner.modules import ModuleLoader
from scanner.services import Service, command_of

OPENED_ON_IMPORT = (DatastoreUse, BrokerConnection, TableUse)
CALLED = (DatastoreUse, TableUse, HttpCall, Messaging, GrpcClient, NetworkCall, RpcCall)


@dataclass(frozen=True)
class _Member:
    service: Service
    entries: tuple[str, ...]
    reach: Reach


class SharedDirectories:
    """The directories built into (or mounted in) two or more services, some of whose
    commands name an entry module, with what each of those services reaches."""

    def __init__(self, services: Iterable[Service], loader: ModuleLoader | None) -> None:
        self.loader = loader
        self._groups: dict[str, list[_Member]] = {}
        if loader is None:
            return
        by_path: dict[str, list[Service]] = {}
        for service in services:
            if service.path is not None and service.image_kind is None:
                by_path.setdefault(service.path, []).append(service)
        for path, sharing in by_path.items():
            self._add(path, sharing, loader)

    def _add(self, path: str, sharing: Sequence[Service], loader: ModuleLoader) -> None:
        """Monitors (Flower) import the Celery app but run none of its code: left out."""
        running = [s for s in sharing if not runs_monitor(command_of(s))]
        entries = {s.name: _entries(s, loader) for s in running}
        if len(running) < 2 or not any(entries.values()):
            return
        members = []
        for service in sorted(running, key=lambda s: s.name):
            others = frozenset(
                e for n, found in entries.items() if n != service.name for e in found
            )
            mine = entries[service.name]
            members.append(_Member(service, mine, reach_from(mine, others, loader, path)))
        self._groups[path] = members

    def text(self, rel: str) -> str | None:
        """A file's text (None without a loader: no directory is shared then)."""
        return self.loader.sources.text(rel) if self.loader is not None else None

    def reached(self, rel: str) -> bool:
        """Whether some service's entry module reaches ``rel``."""
        return any(rel in m.reach.reached for ms in self._groups.values() for m in ms)

    def owner(self, rel: str, chosen: Service, worker: bool) -> Service:
        """The owner of ``rel``'s findings, given the one :func:`owner_of` chose (kept for
        Celery tasks, which go to the worker, and for files no service reaches itself)."""
        members = self._groups.get(chosen.path or "") if chosen.path is not None else None
        if not members or worker:
            return chosen
        running = [m.service for m in members if rel in m.entries]
        unread = [m.service for m in members if not m.entries]
        if running or not unread:
            own = running or [m.service for m in members if rel in m.reach.own]
        else:  # those whose entry is unread may run what no entry reaches
            own = [] if any(rel in m.reach.reached for m in members) else unread
        return chosen if not own or chosen in own else own[0]

    def sharers(self, finding: Finding, owner: Service) -> list[Service]:
        """The other services sharing ``finding`` (see the module docstring)."""
        members = self._groups.get(owner.path or "") if owner.path is not None else None
        if not members or not isinstance(finding, CALLED + OPENED_ON_IMPORT):
            return []
        reaching = [
            m for m in members if m.service is not owner and finding.path in m.reach.reached
        ]
        if not reaching or self.loader is None:
            return []
        text = self.loader.sources.text(finding.path) or ""
        return [m.service for m in reaching if _shares(m, finding, *enclosing(text, finding.line))]

    def keeps(self, finding: Finding, owner: Service) -> bool:
        """Whether the owner keeps a call made inside a function of a module the services
        share: not when its own code imports other names of that module and another
        service's imports this one (``from jobs import next_job`` in the worker, ``from
        jobs import add_job`` in the web app: ``next_job``'s Redis pop is the worker's)."""
        members = self._groups.get(owner.path or "") if owner.path is not None else None
        if not members or not isinstance(finding, CALLED) or self.loader is None:
            return True
        mine = next((m for m in members if m.service is owner), None)
        names = mine.reach.names.get(finding.path) if mine is not None else None
        if mine is None or not names or finding.path in mine.entries:
            return True
        text = self.loader.sources.text(finding.path) or ""
        at_import, top = enclosing(text, finding.line)
        if at_import or top is None or top in names:
            return True
        return not any(top in m.reach.names.get(finding.path, ()) for m in members)


def _shares(member: _Member, finding: Finding, at_import: bool, top: str | None) -> bool:
    """Opened on import, or inside a function or class its own code imports by name."""
    if at_import and isinstance(finding, OPENED_ON_IMPORT):
        return True
    called = top is not None and top in member.reach.names.get(finding.path, ())
    return called and isinstance(finding, CALLED)


def _entries(service: Service, loader: ModuleLoader) -> tuple[str, ...]:
    """The files a service's command runs, ``FLASK_APP`` for ``flask run``."""
    command = command_of(service)
    flask_app = service.env.get("FLASK_APP")
    if flask_app is not None and "flask" in command.split():
        command = f"{command} {flask_app.value}"
    return entry_files(command, service.path or "", loader.sources.paths)


def merge_shared(owned: dict[str, list[Finding]], shared: dict[str, list[Finding]]) -> None:
    """Add what each service shares to what it owns; a broker connection only when it has
    none of its own to that kind of broker."""
    for name, findings in shared.items():
        mine = owned.setdefault(name, [])
        brokers = {f.technology for f in mine if isinstance(f, BrokerConnection)}
        mine += [
            f for f in findings if not (isinstance(f, BrokerConnection) and f.technology in brokers)
        ]
