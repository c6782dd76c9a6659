"""Service boundaries: which directory (and so which files) belongs to which service, and
the environment each service runs with.

Compose services built from a directory own that directory (the longest matching build
context wins), as do those running an image with the repository's code mounted
(:mod:`scanner.mounted_code`); services that only run an image are datastores, brokers,
one-off client jobs (:mod:`scanner.client_jobs`) or third-party containers. Code outside
every compose service belongs to the nearest directory holding a project marker
(Dockerfile, pyproject.toml, setup.py, requirements.txt, ...) when that directory has an
app entry point, or when there is no manifest at all.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from scanner.client_jobs import job_command, runs_client
from scanner.commands import runs_celery_worker, runs_module, runs_monitor
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
    image: str | None = None  # a Kubernetes workload's (first) container image
    kubernetes: bool = False  # declared by a Kubernetes workload and no compose file
    addresses: set[str] = field(default_factory=set)  # "ip[:port]" where it is reached
    ports: set[int] = field(default_factory=set)  # Kubernetes Service and container ports
    # ports its own code binds on the host it runs on (``app.run(port=5001)`` of a
    # standalone app): ``localhost:5001`` reaches it, as a compose published port would
    listens: set[int] = field(default_factory=set)
    grpc_ports: set[int] = field(default_factory=set)  # those of them that speak gRPC
    # files a Kubernetes workload mounts from ConfigMaps: (manifest, line, key, text)
    mounted: list[tuple[str, int, str, str]] = field(default_factory=list)
    # the workloads one Kubernetes Service joins as versions: (workload, image)
    versions: list[tuple[str, str]] = field(default_factory=list)

    @property
    def run_image(self) -> str | None:
        """The image the service runs: its Kubernetes container's, else its compose one's."""
        return self.image or (self.compose.image if self.compose else None)

    def owns(self, rel: str) -> bool:
        if self.path is None:
            return False
        return self.path == "" or rel == self.path or rel.startswith(self.path + "/")


def compose_services(declared: Iterable[ComposeService]) -> dict[str, Service]:
    """Services from compose declarations. Files of one directory are one project (override
    files merged over the main one by service name). Another directory's compose file is
    another project, except for copies of the same service (same name and build directory
    or image, as in ``deploy/``), which only fill in what the first declaration lacks. A
    name another project repeats is the declaration's ``container_name`` when it has one
    (unique on a Docker host), else qualified by its directory (``admin-web``)."""
    declared = list(declared)
    built: dict[str, set[tuple[str, str]]] = {}  # project -> its built (name, context)
    for spec in declared:
        if spec.build_context is not None:
            built.setdefault(posixpath.dirname(spec.file), set()).add(
                (spec.name, spec.build_context)
            )
    merged: dict[tuple[str, str], ComposeService] = {}
    named: dict[str, list[tuple[str, str]]] = {}  # copies share a name: look only there
    for spec in declared:
        key = (posixpath.dirname(spec.file), spec.name)
        candidates = named.get(spec.name, [])
        copy_of = next((k for k in candidates if _same(merged[k], spec, built)), None)
        base = merged.get(copy_of or key)
        if base is None:
            merged[key] = spec
            named.setdefault(spec.name, []).append(key)
        else:  # the first declaration stays the evidence
            top, under = (base, spec) if copy_of else (spec, base)
            merged[copy_of or key] = replace(overlay(under, top), file=base.file, line=base.line)
    taken: set[str] = set()
    services: dict[str, Service] = {}
    repeated = Counter(name for _, name in merged)
    for (project, name), spec in merged.items():
        container = spec.container_name
        if repeated[name] > 1 and container and container not in taken | repeated.keys():
            name = container  # unique on the host, and the name the other containers call
        elif name in taken:
            name = f"{posixpath.basename(project) or 'root'}-{name}"
        taken.add(name)
        service = Service(name, spec.build_context, compose=spec)
        services[name] = service
        service.env.update(spec.environment)
        service.aliases |= spec.hostnames
        image_kind = classify_image(spec.image)
        if spec.build_context is None and image_kind and not runs_client(job_command(spec)):
            service.image_kind = image_kind  # not a client job (:mod:`scanner.client_jobs`)
        if service.path and not posixpath.basename(service.path).startswith("."):
            service.aliases.add(posixpath.basename(service.path))  # not a ``.docker`` folder
    by_spec = {
        (posixpath.dirname(s.compose.file), s.compose.name): s
        for s in services.values()
        if s.compose
    }
    for (project, _), spec in merged.items():
        for name, alias in spec.links.items():  # ``links: [db:database]``
            target = by_spec.get((project, name))
            if target is not None:
                target.aliases.add(alias)
    for service in services.values():
        service.aliases -= services.keys()  # never another service's (or its own) name
    return services


def _same(
    known: ComposeService, spec: ComposeService, built: Mapping[str, set[tuple[str, str]]]
) -> bool:
    """Another directory's copy of a service (a ``deploy/`` compose file for the same code):
    same name, built from the same directory, or running the same image in a project that
    copies the other (they share a built service, or one builds nothing). Two projects
    building different code are two systems, each with its own ``db``."""
    here, there = posixpath.dirname(known.file), posixpath.dirname(spec.file)
    if known.name != spec.name or here == there:
        return False
    if known.build_context is not None:
        return known.build_context == spec.build_context
    if spec.build_context is not None or known.image != spec.image:
        return False
    ours, theirs = built.get(here, set()), built.get(there, set())
    return not ours or not theirs or bool(ours & theirs)


def owner_of(rel: str, services: Mapping[str, Service], worker: bool = False) -> Service | None:
    """The service whose directory holds ``rel`` (the deepest one). Services built from
    the same directory (a web app and its Celery worker, say) are told apart by their
    compose ``command``: ``worker`` findings go to the first running ``celery ... worker``
    (the other workers there get copies of task definitions:
    :func:`scanner.worker_code.django_workers`), the rest to the one whose command runs the
    file (``python -u consumer.py``, ``uvicorn main:app``), else to the first (by name) that
    is not a monitor like Flower.
    :mod:`scanner.sharing` refines this last choice with what each entry module imports."""
    owners = [s for s in services.values() if s.owns(rel)]
    if not owners:
        return None
    deepest = max(len(s.path or "") for s in owners)
    tied = sorted((s for s in owners if len(s.path or "") == deepest), key=lambda s: s.name)
    workers = [s for s in tied if runs_celery_worker(command_of(s))]
    others = [s for s in tied if s not in workers]
    preferred = (workers or others) if worker else (others or workers)
    if len(preferred) > 1:  # the one whose command runs this file, else one running our code
        running = [s for s in preferred if runs_module(command_of(s), rel, s.path or "")]
        ours = [s for s in preferred if not runs_monitor(command_of(s))]
        main = [s for s in ours if not _AUXILIARY.search(s.name)]  # ``django`` before
        preferred = running or main or ours or preferred  # ``celerybeat``, when unknown
    return preferred[0]


# services named for a side job of the code they share with the main one
_AUXILIARY = re.compile(r"worker|beat|flower|schedul|cron|celery|consumer|migrat", re.IGNORECASE)


def command_of(service: Service) -> str:
    """What the service runs: its own command (a Procfile's, its image's), else compose's."""
    return service.command or (service.compose.command if service.compose else None) or ""


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
