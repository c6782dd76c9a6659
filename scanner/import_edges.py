"""Imports of another service's code: ``from notifications.tasks import send`` in shipping is
an ``import`` edge shipping -> notifications (shared code couples deployments), while an
import of the service's own package, wherever its source root is, is none."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from scanner.services import Service


class ImportTargets:
    """The service an absolute import reaches, looked up once per module name (a large
    repository imports the same few names thousands of times)."""

    def __init__(self, paths: frozenset[str], services: Mapping[str, Service]) -> None:
        self.paths = paths
        self.services = sorted(services.values(), key=lambda s: s.name)
        self._held: dict[tuple[str, str], bool] = {}
        self._by_name: dict[str, list[str]] | None = None
        self._importable: dict[str, str | None] = {}

    def other_service(self, service: Service, module: str) -> str | None:
        """The other service whose code ``module`` (dotted) names, if any. Generated gRPC
        stubs (``*_pb2``, ``*_pb2_grpc``) are the API's, not a service's code: a client
        importing a copy kept elsewhere calls that service, which its gRPC edge says. (A
        stub imported by name, ``from protos import x_pb2``, is recorded as ``protos``.)"""
        if module.rsplit(".", 1)[-1].endswith(("_pb2", "_pb2_grpc")):
            return None
        root = module.split(".", 1)[0]
        if service.path is not None and self._holds(service.path, root):
            return None  # the service's own package
        other = self._importable_from(root)
        return None if other == service.name else other

    def _holds(self, directory: str, module: str) -> bool:
        key = (directory, module)
        if key not in self._held:
            if self._by_name is None:
                self._by_name = _module_files(self.paths)
            candidates = self._by_name.get(module, [])
            self._held[key] = _holds_module(candidates, directory, module)
        return self._held[key]

    def _importable_from(self, root: str) -> str | None:
        """The first service (by name) whose directory holds the top-level module ``root``."""
        if root not in self._importable:
            self._importable[root] = next(
                (
                    other.name
                    for other in self.services
                    if other.path is not None
                    and other.image_kind is None
                    and _has_module(self.paths, other.path, root)
                ),
                None,
            )
        return self._importable[root]


def _module_files(paths: frozenset[str]) -> dict[str, list[str]]:
    """Python files by the module names they define or lie in (``a/b.py`` defines ``b``;
    it also lies in the packages ``a``, namespace packages without ``__init__.py``
    included), so "is ``b`` under this directory" looks at a few files, not all."""
    found: dict[str, set[str]] = {}
    for p in paths:
        if not p.endswith(".py"):
            continue
        *directories, name = p.split("/")
        for module in {name.removesuffix(".py"), *directories}:
            found.setdefault(module, set()).add(p)
    return {module: sorted(files) for module, files in found.items()}


def _holds_module(paths: Iterable[str], directory: str, module: str) -> bool:
    """Whether ``module`` is a module or a package (a namespace package too: ``src/``
    holding Python files and no ``__init__.py``) anywhere under ``directory``."""
    prefix = f"{directory}/" if directory else ""
    inside, ending = f"/{module}/", f"/{module}.py"
    return any(
        p.startswith(prefix) and (inside in f"/{p[len(prefix) :]}" or f"/{p}".endswith(ending))
        for p in paths
    )


def _has_module(paths: frozenset[str], directory: str, module: str) -> bool:
    base = f"{directory}/{module}" if directory else module
    return f"{base}/__init__.py" in paths or f"{base}.py" in paths
