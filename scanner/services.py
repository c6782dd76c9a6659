"""Service boundaries: which directory (and so which files) belongs to which service, and
the environment each service runs with.

Compose services built from a directory own that directory (the longest matching build
context wins); services that only run an image are datastores, brokers or third-party
containers. Code outside every compose service belongs to the nearest directory holding a
project marker (Dockerfile, pyproject.toml, setup.py, requirements.txt, ...) when that
directory has an app entry point, or when there is no manifest at all.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from scanner.config.compose import ComposeService, overlay
from scanner.config.dotenv import EnvEntry
from scanner.images import ImageKind, classify_image

MARKERS = frozenset(
    {
        "Dockerfile",
        "pyproject.toml",
        "setup.py",
        "setup.cfg",
        "requirements.txt",
        "Pipfile",
        "manage.py",
    }
)


@dataclass
class Service:
    """A service of the system with its directory, names and environment."""

    name: str
    path: str | None  # directory, repository-relative POSIX ("" for the root)
    aliases: set[str] = field(default_factory=set)
    env: dict[str, EnvEntry] = field(default_factory=dict)
    compose: ComposeService | None = None
    image_kind: ImageKind | None = None
    command: str | None = None  # what runs (a Procfile's process command)
    foreign: bool = False  # not Python: edges come from its configuration
    language: str | None = None  # of a foreign service, from its Dockerfile or image
    declared_by: tuple[str, int, str] | None = None  # file, line, note (a Procfile entry)

    def owns(self, rel: str) -> bool:
        if self.path is None:
            return False
        return self.path == "" or rel == self.path or rel.startswith(self.path + "/")


def compose_services(declared: Iterable[ComposeService]) -> dict[str, Service]:
    """Services from compose declarations. Files of one directory are one project (override
    files merged over the main one by service name). Another directory's compose file is
    another project, except for copies of the same service (same name and build directory
    or image, as in ``deploy/``), which only fill in what the first declaration lacks. A
    name another project repeats is qualified by its directory (``admin-web``)."""
    merged: dict[tuple[str, str], ComposeService] = {}
    for spec in declared:
        key = (posixpath.dirname(spec.file), spec.name)
        copy_of = next((k for k, s in merged.items() if _same(s, spec)), None)
        base = merged.get(copy_of or key)
        if base is None:
            merged[key] = spec
        else:  # the first declaration stays the evidence
            top, under = (base, spec) if copy_of else (spec, base)
            merged[copy_of or key] = replace(overlay(under, top), file=base.file, line=base.line)
    taken: set[str] = set()
    services: dict[str, Service] = {}
    for (project, name), spec in merged.items():
        if name in taken:
            name = f"{posixpath.basename(project) or 'root'}-{name}"
        taken.add(name)
        service = Service(name, spec.build_context, compose=spec)
        services[name] = service
        service.env.update(spec.environment)
        service.aliases |= spec.hostnames
        image_kind = classify_image(spec.image)
        if spec.build_context is None and image_kind is not None:
            service.image_kind = image_kind
        if service.path:
            service.aliases.add(posixpath.basename(service.path))
    for service in services.values():
        service.aliases -= services.keys()  # never another service's (or its own) name
    return services


def _same(known: ComposeService, spec: ComposeService) -> bool:
    """Another directory's copy of a service (a ``deploy/`` compose file for the same code):
    same name, built from the same directory or running the same image."""
    if known.name != spec.name or posixpath.dirname(known.file) == posixpath.dirname(spec.file):
        return False
    if known.build_context is not None:
        return known.build_context == spec.build_context
    return spec.build_context is None and known.image == spec.image


def owner_of(rel: str, services: Mapping[str, Service], worker: bool = False) -> Service | None:
    """The service whose directory holds ``rel`` (the deepest one). Services built from
    the same directory (a web app and its Celery worker, say) are told apart by their
    compose ``command``: ``worker`` findings go to the one running ``celery ... worker``,
    the rest to the first other one."""
    owners = [s for s in services.values() if s.owns(rel)]
    if not owners:
        return None
    deepest = max(len(s.path or "") for s in owners)
    tied = sorted((s for s in owners if len(s.path or "") == deepest), key=lambda s: s.name)
    workers = [s for s in tied if _runs_celery_worker(s)]
    others = [s for s in tied if s not in workers]
    preferred = (workers or others) if worker else (others or workers)
    return preferred[0]


def _runs_celery_worker(service: Service) -> bool:
    command = service.command or (service.compose.command if service.compose else None) or ""
    return "celery" in command and "worker" in command


def project_dir(rel: str, paths: frozenset[str]) -> str:
    """The nearest ancestor directory of ``rel`` with a project marker, else its top-level
    directory (or the root for top-level files)."""
    directory = posixpath.dirname(rel)
    while directory:
        if any(posixpath.join(directory, m) in paths for m in MARKERS):
            return directory
        directory = posixpath.dirname(directory)
    if any(m in paths for m in MARKERS):
        return ""
    top = rel.split("/", 1)
    return top[0] if len(top) > 1 else ""
