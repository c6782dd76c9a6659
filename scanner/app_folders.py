"""Sibling app folders without a project marker: ``apps/api-gateway/app/main.py`` beside
``apps/orders/Dockerfile`` or ``apps/orders/app/main.py``.

Code outside every declared service goes to the nearest directory holding a project marker
(:func:`scanner.services.project_dir`), and without one to its top-level directory: the
gateway above, with no Dockerfile or requirements file of its own, became a service named
``apps``, and sibling apps equally bare merged into it. A folder of several apps is not one
app: where a directory has two or more children that are apps (holding an app entry point:
a web app, gRPC server or Celery task) or projects (holding a marker, or a declared
service's folder), each child that is an app is a project of its own, named after its own
directory. The other files of the directory (a shared helper beside the apps) stay where
they were.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Iterable, Mapping

from scanner.findings import AppDefinition, CeleryTask, Finding, GrpcServer
from scanner.services import MARKERS

ENTRY_POINTS = (AppDefinition, CeleryTask, GrpcServer)


def split_app_folders(
    by_dir: Mapping[str, list[Finding]],
    paths: frozenset[str],
    service_paths: Collection[str],
) -> dict[str, list[Finding]]:
    """``by_dir`` (project directory -> the unowned findings in it) with the findings of
    sibling app folders of an unmarked project directory moved to those folders."""
    result: dict[str, list[Finding]] = {}
    projects = {posixpath.dirname(r) for r in paths if posixpath.basename(r) in MARKERS}
    projects |= {p for p in service_paths if p}
    for directory, found in by_dir.items():
        if directory in projects:  # a marked project is one app, however it is laid out
            result.setdefault(directory, []).extend(found)
            continue
        apps = _app_folders(directory, found, projects)
        for finding in found:
            home = next((a for a in apps if finding.path.startswith(a + "/")), directory)
            result.setdefault(home, []).append(finding)
    return result


def _app_folders(directory: str, found: Iterable[Finding], projects: set[str]) -> list[str]:
    """The app folders below ``directory``: at the first level (going down from it) where
    a folder holding entry points has a sibling that is an app or a project."""
    entries = {f.path for f in found if isinstance(f, ENTRY_POINTS)}
    apps: list[str] = []
    todo = [directory]
    while todo:
        parent = todo.pop()
        children = {c for rel in entries if (c := _child(parent, rel)) is not None}
        siblings = {c for p in projects if (c := _child(parent, f"{p}/_")) is not None}
        if children and len(children | siblings) >= 2:
            apps += sorted(children)
        else:
            todo += sorted(children)
    return apps


def _child(parent: str, rel: str) -> str | None:
    """The child directory of ``parent`` holding ``rel``; None for a file right in it."""
    rest = rel[len(parent) + 1 :] if parent else rel
    head, slash, _ = rest.partition("/")
    if not slash or (parent and not rel.startswith(parent + "/")):
        return None
    return f"{parent}/{head}" if parent else head
