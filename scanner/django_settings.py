"""``django.conf.settings.NAME``: the assignments of ``NAME`` in the settings module of the
Django project the reading file belongs to.

Django loads the module ``DJANGO_SETTINGS_MODULE`` names (``os.environ.setdefault(...)`` in
``manage.py``, ``wsgi.py``, ``asgi.py`` or ``celery.py``), so that module, with what it
star-imports (``from .base import *``), is the answer. The project is found from the
reading file upwards, not from its source root: an app directory without ``__init__.py``
is still imported from the directory ``manage.py`` runs in. With no such entry module the
evaluator falls back to a module named ``settings`` of the same source root.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from scanner.bindings import Expr
from scanner.index import ImportTarget
from scanner.modules import ModuleContext, ModuleLoader

if TYPE_CHECKING:
    from scanner.evaluate import Evaluator

# the same entry modules :mod:`scanner.entry_reach` follows to a service's settings
_NAMES_SETTINGS = r"""DJANGO_SETTINGS_MODULE['"]\s*(?:,|\]\s*=)\s*['"]([\w.]+)['"]"""
_SEARCH_LIMIT = 2000


def django_setting(ev: Evaluator, ctx: ModuleContext, name: str) -> list[Expr]:
    """The assignments ``settings.NAME`` may read in ``ctx``'s project: one per settings
    module its entry modules name (``manage.py`` and ``wsgi.py`` may name different ones)."""
    named = project_settings(ev.loader, ctx.path)
    if named is None:
        return _settings_named_module(ev, ctx, name)
    found: dict[int, Expr] = {}
    for module in named:
        binding = ev.module_name(module, name)
        if isinstance(binding, Expr):
            found.setdefault(id(binding.node), binding)
    return list(found.values())


def project_settings(loader: ModuleLoader, path: str) -> list[ModuleContext] | None:
    """The settings modules named for the Django project holding ``path``: by the entry
    modules of the nearest directory above it that has any, keeping those of projects that
    hold ``path`` when there are several; None when unknown or several projects remain (a
    module shared by services whose settings differ)."""
    directory = PurePosixPath(path).parent
    for folder in (directory, *directory.parents):
        prefix = "" if str(folder) == "." else f"{folder}/"
        entries = loader.sources.search(prefix, _NAMES_SETTINGS, _SEARCH_LIMIT)
        if not entries:
            continue
        homes = {entry: _project_dir(loader, entry) for entry in entries}
        holding = [e for e in entries if homes[e] == directory or homes[e] in directory.parents]
        chosen = holding or entries
        if len({homes[e] for e in chosen}) != 1:
            return None
        modules = [m for entry in chosen for m in _named_modules(loader, entry)]
        return modules or None
    return None


def _project_dir(loader: ModuleLoader, entry: str) -> PurePosixPath:
    """The directory an entry module's imports start from: above its package, if any
    (``shop/wsgi.py`` in the package ``shop`` runs from the directory above ``shop``)."""
    directory = PurePosixPath(entry).parent
    while str(directory) != "." and f"{directory}/__init__.py" in loader.sources.paths:
        directory = directory.parent
    return directory


def _named_modules(loader: ModuleLoader, entry: str) -> list[ModuleContext]:
    text = loader.sources.read(entry)[0] or ""  # read, so the scan depends on its text
    found = []
    for dotted in dict.fromkeys(re.findall(_NAMES_SETTINGS, text)):
        for rel, _ in loader.resolve_import(entry, ImportTarget(dotted, None))[:1]:
            module = loader.load(rel)
            found += [module] if module is not None else []
    return found


def _settings_named_module(ev: Evaluator, ctx: ModuleContext, name: str) -> list[Expr]:
    """The module-level ``NAME`` of a module named ``settings`` (or in a ``settings``
    package) of the same source root, when no entry module says which one Django loads."""
    for other in ev.loader.related(ctx.path, rf"(?m)^{name}\s*(:[^=\n]*)?="):
        base = other.path.rsplit("/", 1)[-1]
        if base.startswith("settings") or "/settings/" in other.path:
            found = other.index.assigns.get(name)
            if found is not None:
                return [Expr(other, found)]
    return []
