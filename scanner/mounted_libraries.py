"""Shared code kept outside the service folders and put into the containers of the services
that use it: a monorepo's ``rabbit/``, ``common/`` or ``libs/`` bind-mounted by compose
(``volumes: ["./rabbit:/app/rabbit"]``) or copied into the image from a build context that
holds it (``COPY common /app/common``).

Such a directory belongs to no service's folder, so its findings (the aio-pika publish and
consume calls of a shared client class) would be reported as belonging to no service. They
run in the containers that hold the directory, but only in those whose own code imports
it: a finding goes to each service holding the directory whose files reach its file
through imports. Inside a top-level class or function, only the services importing that
name (or a class deriving from it in that module) run it, as for directories shared by
several services (:mod:`scanner.sharing`); when no service imports the name (a helper the
module calls itself, a module imported whole), every service reaching the file runs it.

A value the library's callers pass differently (``self.config.exchange_name`` of a config
object each service builds with its own exchange) is a choice among all callers' values,
whichever service runs the code: crediting it would give every service every caller's
exchange. Such findings stay unowned (reported as belonging to no service).
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections.abc import Iterable, Mapping

from scanner.build_code import copied_from_context
from scanner.config.dockerfile import parse_dockerfile
from scanner.entry_reach import Reach, enclosing, reach_from
from scanner.findings import Finding
from scanner.modules import ModuleLoader
from scanner.mounted_code import holds_python
from scanner.services import Service
from scanner.values import Choice, EnvRef, Join, Value

_CLASS = re.compile(r"^class\s+(\w+)\s*\(([^)]*)\)", re.MULTILINE)


def credit_libraries(
    services: Iterable[Service],
    unowned: list[Finding],
    dockerfiles: Mapping[str, str],
    loader: ModuleLoader,
) -> tuple[dict[str, list[Finding]], list[Finding]]:
    """(service name -> the findings of mounted or copied shared code it runs, the findings
    still unowned)."""
    services = [s for s in services if s.path is not None and s.image_kind is None]
    holders: dict[str, list[Service]] = {}  # library directory -> the services holding it
    for service in services:
        for directory in _libraries(service, services, dockerfiles, loader.sources.paths):
            holders.setdefault(directory, []).append(service)
    if not holders:
        return {}, unowned
    reaches: dict[str, Reach] = {}
    credited: dict[str, list[Finding]] = {}
    rest = []
    for finding in unowned:
        library = _library_of(finding.path, holders)
        if library is None or _holds_choice(finding):
            rest.append(finding)
            continue
        runners = _runners(finding, holders[library], reaches, loader)
        for service in runners:
            credited.setdefault(service.name, []).append(finding)
        if not runners:
            rest.append(finding)
    return credited, rest


def _libraries(
    service: Service,
    services: list[Service],
    dockerfiles: Mapping[str, str],
    paths: frozenset[str],
) -> set[str]:
    """Directories holding Python that ``service`` mounts or copies into its image from
    outside its own folder: not the repository root and not holding any service's folder
    (that is the whole project, not a library beside it)."""
    spec = service.compose
    if spec is None:
        return set()
    found = set(spec.mounts)
    if spec.build_context is not None:
        context = spec.build_context
        dockerfile = posixpath.normpath(
            posixpath.join(context or ".", spec.dockerfile or "Dockerfile")
        )
        text = dockerfiles.get(dockerfile)
        if text is not None:
            for stage in parse_dockerfile(text, dockerfile, spec.build_args).stages:
                found |= {path for _, path, _ in copied_from_context(stage, context)}
    return {  # cheapest test first: most services copy in only their own folder
        directory
        for directory in found
        if directory
        and not _within(directory, service.path or "")
        and not any(_within(s.path or "", directory) for s in services)
        and holds_python(paths, directory)
    }


def _within(path: str, directory: str) -> bool:
    return directory == "" or path == directory or path.startswith(directory + "/")


def _library_of(rel: str, holders: Mapping[str, list[Service]]) -> str | None:
    """The deepest library directory holding ``rel``."""
    found = [d for d in holders if rel.startswith(d + "/")]
    return max(found, key=len) if found else None


def _runners(
    finding: Finding, holders: list[Service], reaches: dict[str, Reach], loader: ModuleLoader
) -> list[Service]:
    """The services holding the library that run ``finding`` (see the module docstring)."""
    reaching = []
    for service in holders:
        if service.name not in reaches:
            reaches[service.name] = _reach(service, loader)
        if finding.path in reaches[service.name].reached:
            reaching.append(service)
    text = loader.sources.text(finding.path) or ""
    at_import, top = enclosing(text, finding.line)
    if at_import or top is None:
        return reaching
    bases = _in_module_bases(text)
    importing = [
        s
        for s in reaching
        if top in _with_bases(reaches[s.name].names.get(finding.path, frozenset()), bases)
    ]
    return importing or reaching


def _reach(service: Service, loader: ModuleLoader) -> Reach:
    """Everything the service's own Python files import, followed through the repository."""
    prefix = f"{service.path}/" if service.path else ""
    own = sorted(p for p in loader.sources.paths if p.endswith(".py") and p.startswith(prefix))
    return reach_from(own, frozenset(), loader, "")


def _in_module_bases(text: str) -> dict[str, set[str]]:
    """Class name -> the names of its bases, for the classes a module defines."""
    return {
        name: {b.strip().rsplit(".", 1)[-1] for b in bases.split(",") if b.strip()}
        for name, bases in _CLASS.findall(text)
    }


def _with_bases(names: Iterable[str], bases: Mapping[str, set[str]]) -> set[str]:
    """``names`` with every base class (in the module) of the classes among them."""
    found: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name not in found:
            found.add(name)
            todo.extend(bases.get(name, ()))
    return found


def _holds_choice(finding: Finding) -> bool:
    """Whether any value of the finding is a choice among its callers' values."""
    values = [getattr(finding, f.name) for f in dataclasses.fields(finding)]
    return any(isinstance(v, Value) and _choice_in(v) for v in values)


def _choice_in(value: Value) -> bool:
    for part in value.parts:
        if isinstance(part, Choice):
            return True
        if isinstance(part, EnvRef) and part.default is not None and _choice_in(part.default):
            return True
        if isinstance(part, Join) and (_choice_in(part.base) or _choice_in(part.ref)):
            return True
    return False
