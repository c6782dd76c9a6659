"""What each of several services built from one directory runs: the files its entry module
reaches through imports.

A web app and its consumer script (``python main.py`` and ``python -u consumer.py``) are
built from one directory and differ only in the module their command runs. What a service
runs is that module and every module of the directory it imports, directly or through
others (read from text, resolved as :class:`~scanner.modules.ModuleLoader` resolves
imports). Django is wired by strings, not imports: a module naming
``DJANGO_SETTINGS_MODULE`` (``manage.py``, a consumer calling ``django.setup()``) reaches the
settings module, and the settings reach the ``models`` of their ``INSTALLED_APPS``, which
``django.setup()`` imports. A service serving requests (its entry is ``manage.py``,
``wsgi.py`` or ``asgi.py``) also runs the settings' ``ROOT_URLCONF``, whose
``include("app.urls")`` strings reach the apps' URL modules, which import the views.

Two readings per service: ``reached`` (everything it runs) and ``own`` (what it reaches
without going through another service's entry module: a consumer doing ``from main import
db`` runs ``main.py``, but ``main.py`` is the web app's, and so is what only it imports).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from scanner.index import ImportTarget
from scanner.modules import ModuleLoader
from scanner.text_imports import import_targets, local_module_names

_SETTINGS = re.compile(r"""DJANGO_SETTINGS_MODULE['"]\s*(?:,|\]\s*=)\s*['"]([\w.]+)['"]""")
_INSTALLED = re.compile(r"^INSTALLED_APPS\s*[+]?=\s*[\[(]([^\])]*)", re.MULTILINE)
_STRING = re.compile(r"""['"]([\w.]+)['"]""")
# the URL modules Django loads by name when it serves requests (not on ``django.setup()``):
# ``ROOT_URLCONF = "shop.urls"``, then ``include("api.urls")``
_ROOT_URLCONF = re.compile(r"""^ROOT_URLCONF\s*=\s*['"]([\w.]+)['"]""", re.MULTILINE)
_INCLUDE = re.compile(r"""\binclude\(\s*['"]([\w.]+)['"]""")
_SERVERS = frozenset({"manage.py", "wsgi.py", "asgi.py"})


@dataclass(frozen=True)
class Reach:
    """The files one service runs (``reached``) and those it runs on its own account
    (``own``: not only through another service's entry module), with the names its own
    files import from each module (``from producer import publish``: ``publish``)."""

    reached: frozenset[str]
    own: frozenset[str]
    names: dict[str, frozenset[str]] = field(default_factory=dict)


def reach_from(
    entries: Sequence[str], others: frozenset[str], loader: ModuleLoader, within: str
) -> Reach:
    """Files under ``within`` reached from ``entries``; ``others`` are the entry modules of
    the other services sharing the directory."""
    serves = any(e.rsplit("/", 1)[-1] in _SERVERS for e in entries)
    memo: dict[tuple[str, bool], list[tuple[str, str | None]]] = {}

    def imports(rel: str, serving: bool) -> list[tuple[str, str | None]]:
        if (rel, serving) not in memo:  # each file is walked twice, then read for names
            memo[rel, serving] = _imports(rel, loader, within, serving)
        return memo[rel, serving]

    reached = _walk(entries, frozenset(), lambda rel: imports(rel, serves))
    own = _walk(entries, others - set(entries), lambda rel: imports(rel, serves))
    names: dict[str, set[str]] = {}
    for rel in own:
        for module, name in imports(rel, False):
            if name is not None:
                names.setdefault(module, set()).add(name)
    return Reach(reached, own, {k: frozenset(v) for k, v in names.items()})


def _walk(
    entries: Sequence[str],
    stops: frozenset[str],
    imports: Callable[[str], list[tuple[str, str | None]]],
) -> frozenset[str]:
    seen: set[str] = set()
    todo = list(entries)
    while todo:
        rel = todo.pop()
        if rel in seen or rel in stops:
            continue
        seen.add(rel)
        todo.extend(module for module, _ in imports(rel))
    return frozenset(seen)


def _imports(
    rel: str, loader: ModuleLoader, within: str, serves: bool = False
) -> list[tuple[str, str | None]]:
    """(module file, name imported from it or None) for each import of ``rel`` that names a
    file under ``within``, the packages holding it included (Python runs their
    ``__init__``); the URL modules too when the service ``serves`` Django requests."""
    text = loader.sources.text(rel)
    if text is None:
        return []
    targets = import_targets(text)
    targets += [ImportTarget(m, None) for m in _SETTINGS.findall(text)]
    targets += [ImportTarget(f"{app}.models", None) for app in _installed_apps(text)]
    targets += [ImportTarget(m, None) for m in _INCLUDE.findall(text)]
    if serves:
        targets += [ImportTarget(m, None) for m in _ROOT_URLCONF.findall(text)]
    found: list[tuple[str, str | None]] = []
    prefix = f"{within}/" if within else ""
    local = local_module_names(loader.sources.paths)
    for target in targets:
        if not target.level and target.module.split(".", 1)[0] not in local:
            continue  # a library: no file of the repository
        for module, name in loader.resolve_import(rel, target):
            if module != rel and module.startswith(prefix):
                found.append((module, name))
                found += [(p, None) for p in _packages(module, within, loader)]
    return found


def _installed_apps(text: str) -> Iterable[str]:
    """The apps a settings module installs, by package (``shop.apps.ShopConfig``: ``shop``)."""
    for listing in _INSTALLED.findall(text):
        for name in _STRING.findall(listing):
            yield name.split(".apps.", 1)[0]


def _packages(module: str, within: str, loader: ModuleLoader) -> list[str]:
    """The ``__init__`` files of the packages holding ``module``, up to ``within``."""
    found = []
    parts = module.split("/")[:-1]
    while parts and "/".join(parts) != within:
        init = "/".join([*parts, "__init__.py"])
        if init != module and loader.sources.text(init) is not None:
            found.append(init)
        parts.pop()
    return found


def enclosing(text: str, line: int) -> tuple[bool, str | None]:
    """Where line ``line`` of ``text`` runs: (at import time, the top-level ``def``/``class``
    holding it). Module statements and class bodies run on import; a function's body runs
    when called. Read from indentation, without parsing."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return True, None
    indent = _indent(lines[line - 1])
    at_import, top = True, _definition(lines[line - 1]) if indent == 0 else None
    here = lines[line - 1].lstrip()
    if indent and here.startswith(("def ", "async def ")):
        at_import = False
    for above in reversed(lines[: line - 1]):
        if indent == 0:
            break
        stripped = above.lstrip()
        if not stripped or stripped.startswith("#") or _indent(above) >= indent:
            continue
        indent = _indent(above)
        if stripped.startswith(("def ", "async def ")):
            at_import = False
        if indent == 0:
            top = _definition(above)
    return at_import, top


def _definition(line: str) -> str | None:
    match = re.match(r"(?:async\s+)?(?:def|class)\s+(\w+)", line)
    return match.group(1) if match else None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())
