"""Qualified names computed from a module's own import table, instead of libcst's
``QualifiedNameProvider``.

The provider builds a full scope analysis of every module it touches, which profiling showed
to be most of a cold scan; detectors only need to know which library a called name comes
from. This follows the provider's rules for what detectors compare against: a name bound by
an import becomes the imported dotted name plus the rest of the expression (``fetch`` after
``from requests import get as fetch`` is ``requests.get``; relative imports keep their leading
dots), a builtin ``builtins.<name>``, a name the module or the enclosing function binds
itself its own dotted spelling (``<function>.<locals>.`` inside a function), and an unbound
name nothing. Conditional imports of one name give every alternative.

Beyond the provider, :func:`starred_names` gives an unbound name in a module with ``from m
import *`` the name ``m.<name>`` (:meth:`scanner.modules.ModuleContext.qualified_names` asks
for it when :func:`qualified_names` finds nothing).
"""

from __future__ import annotations

import builtins

import libcst as cst
from libcst.helpers import get_full_name_for_node

from scanner.index import ImportTarget, ModuleIndex

_BUILTINS = frozenset(dir(builtins))


def qualified_names(index: ModuleIndex, node: cst.CSTNode) -> frozenset[str]:
    """Every qualified name ``node`` (a name, attribute, call, subscript or decorator) may
    denote, as far as the module's own bindings tell."""
    full = get_full_name_for_node(node)
    if not full:
        return frozenset()
    head, _, rest = full.partition(".")
    anchor = _anchor(node)
    scope = index.scope_of.get(anchor) if anchor is not None else None
    while scope is not None:
        if head in scope.import_choices:
            return frozenset(_imported(t, rest) for t in scope.import_choices[head])
        if head in scope.locals or head in scope.params or head in scope.bound:
            return frozenset({f"{scope.node.name.value}.<locals>.{full}"})
        scope = scope.parent
    found = {_imported(target, rest) for target in index.import_choices.get(head, ())}
    if head in index.assigns or head in index.classes or head in index.functions:
        found.add(full)
    if not found and head in index.bound:
        found.add(full)
    if not found and head in _BUILTINS:
        found.add(f"builtins.{head}")  # the provider drops the rest here too
    return frozenset(found)


def starred_names(index: ModuleIndex, node: cst.CSTNode) -> frozenset[str]:
    """For a name :func:`qualified_names` finds unbound (not even a builtin): ``m.<name>``
    for each ``from m import *`` of the module, whether or not ``m`` defines it (a candidate
    no detector asks for costs nothing): ``connect`` after ``from mongoengine import *`` is
    ``mongoengine.connect``."""
    full = get_full_name_for_node(node)
    if not full:
        return frozenset()
    found = set()
    for target in index.star_imports:
        module = f"{target.module}." if target.module else ""
        found.add("." * target.level + module + full)
    return frozenset(found)


def _anchor(node: cst.CSTNode) -> cst.CSTNode | None:
    """The name or attribute the index recorded the scope of."""
    while True:
        if isinstance(node, cst.Name | cst.Attribute):
            return node
        if isinstance(node, cst.Call):
            node = node.func
        elif isinstance(node, cst.Subscript):
            node = node.value
        elif isinstance(node, cst.Decorator):
            node = node.decorator
        else:
            return None


def _imported(target: ImportTarget, rest: str) -> str:
    if target.name is None:  # ``import a.b`` binds ``a`` (module ``a``), ``as c`` binds ``a.b``
        base = target.module
    elif target.module:
        base = "." * target.level + f"{target.module}.{target.name}"
    else:
        base = "." * target.level + target.name
    return f"{base}.{rest}" if rest else base
