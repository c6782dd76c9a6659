"""Which service owns each finding: compose services (merged with Kubernetes workloads),
then, for code outside them, the project directory around it.

A directory outside every declared service becomes a service of its own when it holds an
app entry point (web app, gRPC server, Celery worker) or when nothing is declared at all
(a folder of standalone apps that each run themselves is one service per app:
:mod:`scanner.standalone_apps`); otherwise its findings are reported once as belonging to no
service, never dropped quietly. Services built from one directory share what their entry
modules reach (:mod:`scanner.sharing`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from catalog_api.model import Diagnostic, Severity
from scanner.app_folders import split_app_folders
from scanner.build_code import built_code
from scanner.config.compose import ComposeService
from scanner.config.dockerfile import Dockerfile, parse_dockerfile
from scanner.config.dotenv import EnvEntry
from scanner.config.repository import is_dotenv
from scanner.env_examples import add_env_examples
from scanner.findings import AppDefinition, CeleryTask, Finding, GrpcServer, ModuleImport
from scanner.hosts import HostMap
from scanner.images import image_name
from scanner.modules import ModuleLoader
from scanner.mounted_code import Container, holds_python, mounted_code
from scanner.mounted_libraries import credit_libraries
from scanner.procfile import procfile_services
from scanner.run_scripts import MAX_SCRIPT_BYTES, add_run_scripts
from scanner.services import Service, compose_services, owner_of, project_dir
from scanner.sharing import SharedDirectories, merge_shared
from scanner.standalone_apps import standalone_services
from scanner.worker_code import TaskBodies, django_workers
from scanner.workload_copies import copied_service


@dataclass
class Ownership:
    """The system's services and the findings each one owns."""

    services: dict[str, Service]
    owned: dict[str, list[Finding]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def assign_services(
    compose: Iterable[ComposeService],
    workloads: Iterable[Service],
    findings: Iterable[Finding],
    paths: frozenset[str],
    root_name: str,
    dotenvs: Mapping[str, Mapping[str, EnvEntry]],
    procfiles: Mapping[str, str] | None = None,
    dockerfiles: Mapping[str, str] | None = None,
    root: Path | None = None,
) -> Ownership:
    """Services and what each owns. A service's environment is, highest first: compose
    (``environment``, then ``env_file``), Kubernetes, its Dockerfile's ``ENV``, a ``.env``
    in its directory; the code's own defaults apply only below all of these, and a
    ``.env.example`` below those (:mod:`scanner.env_examples`). ``root`` lets imports be
    read to tell apart services built from one directory (without it, only commands do)."""
    result = Ownership(compose_services(compose))
    built = {s.path for s in result.services.values() if s.path is not None}
    for service in result.services.values():
        service.path = built_code(service, paths, dockerfiles) or _code_directory(
            service, paths, built
        )
        service.aliases -= result.services.keys()
    for workload in workloads:
        _merge(result.services, workload, paths)
    for process in procfile_services(procfiles or {}, result.services, root_name):
        result.services.setdefault(process.name, process)
    _add_dockerfile_commands(result.services, dockerfiles or {})
    images = partial(_image_of, dockerfiles=dockerfiles or {})
    add_run_scripts(result.services, images, paths, partial(_read_text, root))
    loader = ModuleLoader(root, paths) if root is not None else None
    _assign(result, list(findings), paths, root_name, loader, dockerfiles or {})
    _fold_workloads(result)
    _add_dockerfile_env(result.services, dockerfiles or {})
    _add_dotenvs(result.services, dotenvs)
    add_env_examples(result.services, dotenvs, result.owned)
    return result


def _code_directory(service: Service, paths: frozenset[str], built: set[str]) -> str | None:
    """A service built from a shared context (often the repository root) with its own
    Dockerfile in a subdirectory owns that subdirectory, when Python code lives there; one
    running an image with the repository's code mounted owns that code
    (:mod:`scanner.mounted_code`)."""
    spec = service.compose
    if spec is not None and spec.build_context is None and service.image_kind is None:
        container = Container(spec.mount_targets, spec.working_dir)
        mounted = mounted_code(spec, paths, built, container)
        if mounted:
            service.aliases.add(posixpath.basename(mounted))
        return mounted
    if service.path is None or spec is None or not spec.dockerfile:
        return service.path
    joined = posixpath.normpath(
        posixpath.join(service.path or ".", posixpath.dirname(spec.dockerfile))
    )
    candidate = "" if joined == "." else joined
    if candidate == service.path or candidate.startswith(".."):
        return service.path
    return candidate if holds_python(paths, candidate) else service.path


def _merge(services: dict[str, Service], extra: Service, paths: frozenset[str]) -> None:
    """A Kubernetes workload joins the compose service it names, that shares its directory
    or that it copies (:func:`~scanner.workload_copies.copied_service`: same command and
    code, ``flask-deployment-prod`` of compose ``flask-api``); otherwise it is a service of
    its own."""
    known = HostMap(services.values()).service(extra.name)
    if known is None and extra.path is not None:
        known = next((s for s in services.values() if s.path == extra.path), None)
    if known is None:
        known = copied_service(extra, services.values(), paths)
    if known is None:
        services[extra.name] = extra
        return
    known.aliases |= ({extra.name} | extra.aliases) - {known.name}
    known.addresses |= extra.addresses
    known.ports |= extra.ports
    known.grpc_ports |= extra.grpc_ports
    for key, entry in extra.env.items():
        known.env.setdefault(key, entry)
    known.path = known.path if known.path is not None else extra.path


def _fold_workloads(result: Ownership) -> None:
    """A Kubernetes workload named unlike the directory of the code it runs (Deployment
    ``orders-api`` of image ``acme/orders:1.2``, code in ``orders/``) is that directory's
    service when its image is named like the directory: one service, named by Kubernetes
    (the naming convention), with the directory name as an alias."""
    services = result.services
    by_dir = {
        posixpath.basename(s.path): s
        for s in services.values()
        if s.path and s.compose is None and s.declared_by is None and not s.kubernetes
    }
    for workload in [s for s in services.values() if s.kubernetes and s.path is None]:
        found = by_dir.get(image_name(workload.image)) if workload.image_kind is None else None
        if found is None:
            continue
        if services.get(found.name) is not found:  # a second workload of the same image
            workload.path = found.path  # shares the code's directory, as compose services do
            continue
        del services[found.name]
        workload.path = found.path
        workload.aliases |= (found.aliases | {found.name}) - {workload.name}
        for key, entry in found.env.items():
            workload.env.setdefault(key, entry)
        result.owned[workload.name] = result.owned.pop(found.name, [])


def _assign(
    result: Ownership,
    findings: list[Finding],
    paths: frozenset[str],
    root_name: str,
    loader: ModuleLoader | None,
    dockerfiles: Mapping[str, str],
) -> None:
    services = result.services
    shared: dict[str, list[Finding]] = {}
    unowned = _place(result, findings, SharedDirectories(services.values(), loader), shared)
    if loader is not None:  # shared code outside the service folders, mounted or copied in
        libraries, unowned = credit_libraries(services.values(), unowned, dockerfiles, loader)
        for name, found in libraries.items():
            shared.setdefault(name, []).extend(found)
    by_dir: dict[str, list[Finding]] = {}
    for finding in unowned:
        by_dir.setdefault(project_dir(finding.path, paths), []).append(finding)
    by_dir = split_app_folders(by_dir, paths, [s.path for s in services.values() if s.path])
    declared_code = any(s.path is not None for s in services.values())
    for directory, found in sorted(by_dir.items()):
        meaningful = [f for f in found if not isinstance(f, ModuleImport)]
        if not meaningful:
            continue
        split = _standalone(result, found, loader, shared) if loader is not None else set()
        if split:  # what no standalone app runs is left
            found = [f for f in found if f.path not in split]
            meaningful = [f for f in found if not isinstance(f, ModuleImport)]
            if not meaningful:
                continue
        if any(isinstance(f, AppDefinition | CeleryTask | GrpcServer) for f in found) or not (
            declared_code or split
        ):
            name = posixpath.basename(directory) or root_name
            service = services.setdefault(name, Service(name, directory))
            service.path = directory if service.path is None else service.path
            result.owned.setdefault(service.name, []).extend(found)
        else:
            first = min(meaningful, key=lambda f: (f.path, f.line))
            message = (
                f"{len(meaningful)} finding(s) in {directory or '.'} belong to no declared service"
            )
            result.diagnostics.append(
                Diagnostic(first.path, first.line, Severity.INFO, "outside-services", message)
            )
    merge_shared(result.owned, shared)


def _place(
    result: Ownership,
    findings: Iterable[Finding],
    sharing: SharedDirectories,
    shared: dict[str, list[Finding]],
) -> list[Finding]:
    """Each finding to the service owning its file (and to those sharing it); the findings
    no service owns are returned."""
    # owners by file: a large repository has thousands of findings and hundreds of
    # services (a file's owner can depend on the file: services sharing a directory are
    # told apart by the modules their commands run)
    owners: dict[tuple[str, bool], Service | None] = {}
    by_path: dict[str, list[Service]] = {}
    for service in result.services.values():
        if service.path is not None:
            by_path.setdefault(service.path, []).append(service)
    # where no directory is shared the owner depends on the directory only: one lookup per
    # directory, not per file (a large repository has thousands of files)
    crowded = {path for path, services in by_path.items() if len(services) > 1}
    alone: dict[tuple[str, bool], bool] = {}
    unowned = []
    findings = list(findings)
    tasks = TaskBodies(findings, sharing.text)
    for finding in findings:
        in_task = tasks.holds(finding)  # runs where the task runs: the worker, and no other
        worker = in_task or isinstance(finding, CeleryTask)
        directory = finding.path.rpartition("/")[0]  # a key only: posixpath's checks cost
        candidates: dict[str, Service] | None = None
        if (directory, worker) not in alone:
            candidates = _candidates(finding.path, by_path)
            alone[directory, worker] = not any(s.path in crowded for s in candidates.values())
        key = (directory if alone[directory, worker] else finding.path, worker)
        if key not in owners:
            candidates = candidates or _candidates(finding.path, by_path)
            chosen = owner_of(finding.path, candidates, worker=worker)
            owners[key] = None if chosen is None else sharing.owner(finding.path, chosen, worker)
        owner = owners[key]
        if owner is None:
            unowned.append(finding)
            continue
        if in_task or sharing.keeps(finding, owner):
            result.owned.setdefault(owner.name, []).append(finding)
        neighbours = by_path.get(owner.path or "", []) if owner.path is not None else []
        for other in django_workers(finding, owner, neighbours):
            shared.setdefault(other.name, []).append(finding)
        for other in [] if in_task else sharing.sharers(finding, owner):
            shared.setdefault(other.name, []).append(finding)
    return unowned


def _standalone(
    result: Ownership,
    found: list[Finding],
    loader: ModuleLoader,
    shared: dict[str, list[Finding]],
) -> set[str]:
    """Standalone apps in ``found`` become services of their own (named by the file, the
    directory's name qualifying one another service already has), owning the files they
    run; those files are returned."""
    apps = standalone_services(found, loader)
    for app in apps:
        if app.name in result.services:
            app.name = f"{posixpath.basename(app.path or '') or 'root'}-{app.name}"
        result.services[app.name] = app
    sharing = SharedDirectories(apps, loader)
    ran = {f.path for f in found if sharing.reached(f.path)}
    _place(result, [f for f in found if f.path in ran], sharing, shared)
    return ran


def _candidates(rel: str, by_path: Mapping[str, list[Service]]) -> dict[str, Service]:
    """The services whose directory is ``rel`` or one of its ancestors (the root included):
    the only ones that can own it, found without testing every service."""
    found = {s.name: s for s in by_path.get("", [])}
    parts = rel.split("/")
    for end in range(1, len(parts) + 1):
        found.update((s.name, s) for s in by_path.get("/".join(parts[:end]), []))
    return found


def _add_dockerfile_commands(
    services: Mapping[str, Service], dockerfiles: Mapping[str, str]
) -> None:
    """A compose service giving no ``command`` runs its image's ``ENTRYPOINT``/``CMD``: two
    services built from one directory with two Dockerfiles are told apart by those."""
    for service in services.values():
        if service.command is None and service.compose is not None and not service.compose.command:
            built = _image_of(service, dockerfiles)
            service.command = built[0].command(built[1]) if built is not None else None


def _add_dockerfile_env(services: Mapping[str, Service], dockerfiles: Mapping[str, str]) -> None:
    """The ``ENV`` of the image a service runs (see :func:`_image_of`)."""
    for service in services.values():
        built = _image_of(service, dockerfiles)
        if built is not None:
            for key, entry in built[0].environment(built[1]).items():
                service.env.setdefault(key, entry)


def _image_of(
    service: Service, dockerfiles: Mapping[str, str]
) -> tuple[Dockerfile, str | None] | None:
    """The Dockerfile a service's image is built from, with the stage built: the one its
    compose build names (with its build args and target), else the one in its directory
    (not for a compose service running an image with its code mounted: it builds none)."""
    spec = service.compose
    if spec is not None and spec.build_context is not None:
        context = spec.build_context or "."
        path = posixpath.normpath(posixpath.join(context, spec.dockerfile or "Dockerfile"))
        args, target = spec.build_args, spec.build_target
    elif service.path is not None and service.image_kind is None and spec is None:
        path, args, target = posixpath.join(service.path, "Dockerfile"), {}, None
    else:
        return None
    text = dockerfiles.get(path)
    return (parse_dockerfile(text, path, args), target) if text is not None else None


def _read_text(root: Path | None, rel: str) -> str | None:
    """A repository file's text (a script a service runs), None when it cannot be read."""
    if root is None:
        return None
    try:
        with (root / rel).open("rb") as handle:
            data = handle.read(MAX_SCRIPT_BYTES + 1)
    except OSError:
        return None
    return data.decode("utf-8", "replace") if b"\0" not in data else None


def _add_dotenvs(
    services: Mapping[str, Service], dotenvs: Mapping[str, Mapping[str, EnvEntry]]
) -> None:
    """A ``.env`` inside a service's directory (python-dotenv) sets defaults for it."""
    for path, entries in sorted(dotenvs.items()):
        owner = owner_of(path, services) if is_dotenv(path) else None
        if owner is not None and owner.path:
            for key, entry in entries.items():
                owner.env.setdefault(key, entry)
