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
from dataclasses import dataclass, field

from scanner.config.compose import ComposeService
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

    def owns(self, rel: str) -> bool:
        if self.path is None:
            return False
        return self.path == "" or rel == self.path or rel.startswith(self.path + "/")


def compose_services(declared: Iterable[ComposeService]) -> dict[str, Service]:
    """Services from compose declarations (override files merged by service name)."""
    services: dict[str, Service] = {}
    for spec in declared:
        service = services.get(spec.name)
        if service is None:
            service = Service(spec.name, spec.build_context, compose=spec)
            services[spec.name] = service
        service.path = service.path if spec.build_context is None else spec.build_context
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
    command = (service.compose.command or "") if service.compose else ""
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
