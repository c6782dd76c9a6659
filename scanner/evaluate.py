"""Turning expressions into symbolic values and receivers into the calls that built them.

The evaluator follows, with a depth bound: literals, f-strings (also implicitly concatenated
with other literals), ``+``, ``str`` methods (:mod:`scanner.string_calls`), ``urljoin``,
``os.environ[...]``, ``os.environ.get``, ``os.getenv``, python-decouple's ``config``, pydantic
``BaseSettings`` fields (field name upper-cased, with ``env_prefix``,
``alias``/``validation_alias``/``env``; a ``SecretStr``'s ``get_secret_value()``), their
properties and what the class assigns them at construction (:mod:`scanner.derived_fields`),
a settings object arriving as a parameter (``Depends``, its annotation, its callers:
:mod:`scanner.injected_settings`), ``enum.Enum`` members' ``.value``/``.name``
(:mod:`scanner.enum_values`), class attributes, ``self.x`` assigned in the class, items an
application object holds (``request.app["session"]``, stored by a start-up hook of another
module: :mod:`scanner.app_state`), each name of ``a, b = "x", "y"``, module-level names, names
imported from other modules of the repository (also through ``from module import *``, into
star imports of star imports), locals of the enclosing function (a reassigned one through
the assignments that reach the read, :mod:`scanner.assigned`), constant-key items stored
earlier (``app.config["X"] = ...``), items of dict literals (``d[k]``, ``d.get(k,
default)``; with a key known only at run time, a choice of every value, when few and all
known), and functions and properties that return an expression (evaluated with the
parameters bound to each call's arguments, :mod:`scanner.arguments`; several returns are a
choice). An attribute of what a factory returns (``get_config().HOST``) or of a class picked
from a dict (``CONFIGS[env].HOST``) is the choice of that attribute of each. As an object
(a client, a class), a function with several returns is followed only when they all name
the same one. Anything else becomes an :class:`~scanner.values.Unknown` part carrying the
source text: never a guess.

The values themselves are built by :mod:`scanner.symbolic`. Apart from the class: reading
annotations and ``Depends`` (:mod:`scanner.type_hints`), what callers pass for a parameter
(:mod:`scanner.call_sites`), what a function body returns (:mod:`scanner.function_bodies`).
"""

from __future__ import annotations

import builtins
from collections.abc import Callable

import libcst as cst

from scanner import call_sites, django_settings, function_bodies, type_hints
from scanner.app_state import app_item
from scanner.arguments import Frame
from scanner.assigned import (
    bound_to,
    class_body_value,
    item_candidates,
    name_candidates,
    nearest,
)
from scanner.bindings import Binding, ClassRef, Expr, FuncRef, Instance, ModuleRef, Param
from scanner.derived_fields import derived_values
from scanner.enum_values import ENUM_ATTRS, enum_attribute
from scanner.function_bodies import _is_none, _Returns, is_property
from scanner.index import ClassInfo, ModuleIndex
from scanner.injected_settings import param_object
from scanner.modules import ModuleContext, ModuleLoader

MAX_DEPTH = 12
SETTINGS_BASES = frozenset(
    {
        "pydantic_settings.BaseSettings",
        "pydantic_settings.main.BaseSettings",
        "pydantic.BaseSettings",
        "pydantic.v1.BaseSettings",
    }
)
GETENV = frozenset({"os.getenv", "os.environ.get", "os.environ.setdefault", "decouple.config"})


PASSTHROUGH = frozenset({"enter_context", "enter_async_context"})
BUILTINS = frozenset(dir(builtins))  # not looked for in star-imported modules


class Evaluator:
    """Follows names and builds values across the modules of one repository."""

    def __init__(self, loader: ModuleLoader) -> None:
        self.loader = loader
        self.frames: list[Frame] = []  # calls whose returned expression is being evaluated
        self._returns: dict[cst.FunctionDef, list[cst.BaseExpression]] = {}
        self.deriving: set[cst.BaseExpression] = set()  # see :mod:`scanner.derived_fields`

    # -- names ---------------------------------------------------------------------------
    def lookup(
        self, ctx: ModuleContext, name: str, at: cst.CSTNode | None, depth: int = 0
    ) -> Binding | None:
        """What ``name`` is bound to where ``at`` stands (function locals, then module)."""
        if depth > MAX_DEPTH:
            return None
        named = isinstance(at, cst.Name) and at.value == name
        if named and isinstance(at, cst.Name) and (held := class_body_value(ctx, at)):
            return Expr(ctx, held)
        if named and isinstance(at, cst.Name) and (near := name_candidates(ctx.index, at)):
            return bound_to(ctx, ctx.index.scope_of.get(at), nearest(near))  # reassigned
        scope = ctx.index.scope_of.get(at) if at is not None else None
        while scope is not None:  # innermost function first, then enclosing ones
            if name in scope.locals:
                return Expr(ctx, scope.locals[name])
            if name == "self" and scope.owner is not None:
                return Instance(ctx, scope.owner)
            if name in scope.params:
                return Param(ctx, scope, scope.params[name])
            scope = scope.parent
        return self.module_name(ctx, name, depth)

    def module_name(self, ctx: ModuleContext, name: str, depth: int = 0) -> Binding | None:
        index = ctx.index
        if name in index.assigns:
            return Expr(ctx, index.assigns[name])
        if name in index.classes:
            return ClassRef(ctx, index.classes[name])
        if name in index.functions:
            return FuncRef(ctx, index.functions[name])
        target = index.imports.get(name)
        if depth > MAX_DEPTH:
            return None
        if target is None:
            if not index.star_imports or name in index.bound or name in BUILTINS:
                return None
            return self._starred(ctx, name, depth, set())
        for path, inner in self.loader.resolve_import(ctx.path, target):
            other = self.loader.load(path)
            if other is None:
                continue
            if inner is None:
                return ModuleRef(other)
            found = self.module_name(other, inner.rsplit(".", 1)[-1], depth + 1)
            if found is not None:
                return found
        return None

    def _starred(self, ctx: ModuleContext, name: str, depth: int, seen: set[str]) -> Binding | None:
        """``name`` from the repository modules ``ctx`` star-imports (the last import that
        exports it wins, as at run time), and from theirs in turn; ``seen`` guards cycles.
        Library modules are not followed: their names are qualified instead
        (:mod:`scanner.qualnames`)."""
        seen.add(ctx.path)
        for target in reversed(ctx.index.star_imports):
            for path, _ in self.loader.resolve_import(ctx.path, target)[:1]:
                other = self.loader.load(path) if path not in seen else None
                if other is None or not _exports(other.index, name):
                    continue
                found = self._own_name(other, name, depth + 1)
                if found is None and other.index.star_imports and depth < MAX_DEPTH:
                    found = self._starred(other, name, depth + 1, seen)
                if found is not None:
                    return found
        return None

    def _own_name(self, ctx: ModuleContext, name: str, depth: int) -> Binding | None:
        """``name`` as bound in ``ctx`` itself, its star imports aside."""
        index = ctx.index
        bound = (index.assigns, index.classes, index.functions, index.imports)
        return self.module_name(ctx, name, depth) if any(name in b for b in bound) else None

    def resolve(
        self, ctx: ModuleContext, node: cst.BaseExpression, depth: int = 0
    ) -> Binding | None:
        """What object an expression denotes, as far as the index can tell."""
        if depth > MAX_DEPTH:
            return None
        if isinstance(node, cst.Await):
            return self.resolve(ctx, node.expression, depth + 1)
        if isinstance(node, cst.Name):
            found = self.lookup(ctx, node.value, node, depth)
            if isinstance(found, Expr):
                deeper = self.resolve(found.ctx, found.node, depth + 1)
                return deeper if deeper is not None else found
            return found
        if isinstance(node, cst.Call):
            func = node.func
            passthrough = isinstance(func, cst.Attribute) and func.attr.value in PASSTHROUGH
            if passthrough and node.args:  # stack.enter_async_context(Client(...))
                return self.resolve(ctx, node.args[0].value, depth + 1)
            callee = self.resolve(ctx, node.func, depth + 1)
            if isinstance(callee, ClassRef):
                return Instance(callee.ctx, callee.info, Expr(ctx, node))
            returned = self.returned(callee)
            if returned is not None:
                return self.resolve(returned.ctx, returned.node, depth + 1) or returned
            return Expr(ctx, node)
        if isinstance(node, cst.Attribute):
            return self._attribute(ctx, node, depth)
        stored = item_candidates(ctx, node) if isinstance(node, cst.Subscript) else ()
        if stored and isinstance(stored[-1], cst.BaseExpression):  # ``clients["orders"]``
            return self.resolve(ctx, stored[-1], depth + 1) or Expr(ctx, stored[-1])
        if isinstance(node, cst.Subscript) and not stored and (kept := app_item(self, ctx, node)):
            return self.resolve(kept.ctx, kept.node, depth + 1) or kept  # ``request.app["db"]``
        if isinstance(node, cst.IfExp):
            return self._either(ctx, [node.body, node.orelse], depth)
        if isinstance(node, cst.BooleanOperation) and isinstance(node.operator, cst.Or):
            return self._either(ctx, [node.left, node.right], depth)
        return Expr(ctx, node)

    def _either(
        self, ctx: ModuleContext, nodes: list[cst.BaseExpression], depth: int
    ) -> Binding | None:
        """``a if c else b`` / ``a or b``: the branch that builds something (the other is
        usually an injected parameter or None)."""
        found = [self.resolve(ctx, n, depth + 1) for n in nodes]
        built = [
            b
            for b in found
            if isinstance(b, Instance) or (isinstance(b, Expr) and isinstance(b.node, cst.Call))
        ]
        return built[0] if built else next((b for b in found if b is not None), None)

    def _attribute(self, ctx: ModuleContext, node: cst.Attribute, depth: int) -> Binding | None:
        attr = node.attr.value
        if attr in ENUM_ATTRS and (member := enum_attribute(self, ctx, node, depth)):
            return self.resolve(member.ctx, member.node, depth + 1) or member
        owner = self.resolve(ctx, node.value, depth + 1)
        if isinstance(owner, Param):  # ``settings: Settings = Depends(get_settings)``
            owner = param_object(self, owner, depth) or owner
        found: Binding | None = None
        if isinstance(owner, ModuleRef):
            found = self.module_name(owner.ctx, attr, depth + 1)
        elif isinstance(owner, Instance | ClassRef):
            if self.is_settings(owner.ctx, owner.info):
                prop = self.property_of(owner, attr, depth)
                found = self.returned(prop) if prop is not None else None
                if found is None:  # ``self.URL = f"http://{self.HOST}"`` in ``__init__``
                    follow = self._follow_at(depth + 1)
                    derived = derived_values(self, owner.ctx, owner.info, attr, follow)
                    if derived and len(derived) == 1:
                        return derived[0] or Expr(ctx, node)
                    return Expr(ctx, node)  # a settings field: its value is an env reference
            else:
                found = self._member(owner, attr, depth)
        if found is None and not isinstance(owner, ModuleRef | ClassRef):
            found = self._assigned_attribute(ctx, attr)
        if isinstance(found, Expr):
            return self.resolve(found.ctx, found.node, depth + 1) or found
        return found

    def _follow_at(self, depth: int) -> Callable[[Expr], Binding | None]:
        return lambda e: self.resolve(e.ctx, e.node, depth)

    def _assigned_attribute(self, ctx: ModuleContext, attr: str) -> Expr | None:
        """``x.attr`` of an unknown ``x``: the one expression ever assigned to an attribute
        of that name, in this module or else in the modules of the same source root."""
        for modules in ([ctx], self.loader.related(ctx.path, rf"\.{attr}\s*(:[^=\n]*)?=[^=]")):
            candidates = [(m, c) for m in modules for c in m.index.attr_assigns.get(attr, [])]
            if len({m.code(c) for m, c in candidates}) == 1:
                return Expr(*candidates[0])
            if candidates:
                return None
        return None

    def member(self, owner: Instance | ClassRef, attr: str, depth: int = 0) -> Binding | None:
        """``owner.attr``: an attribute's expression, an inner class, what a property
        returns (when that is one object) or else the property or method itself."""
        return self._member(owner, attr, depth)

    def _member(self, owner: Instance | ClassRef, attr: str, depth: int) -> Binding | None:
        for info, ctx in self._mro(owner.ctx, owner.info, depth):
            if isinstance(owner, Instance) and attr in info.self_attrs:
                return Expr(ctx, info.self_attrs[attr])
            value = info.body.get(attr)
            if value is not None:
                return Expr(ctx, value)
            if attr in info.inner:
                return ClassRef(ctx, info.inner[attr])
            method = self.method(ctx, info, attr)
            if method is not None and is_property(method.info.node):
                return self.returned(method) or method
            if method is not None:
                return method
        return None

    def property_of(self, owner: Instance | ClassRef, attr: str, depth: int = 0) -> FuncRef | None:
        """The ``@property`` (or ``@cached_property``, pydantic ``@computed_field``) read as
        ``owner.attr``, unless an attribute of that name comes first in the classes."""
        for info, ctx in self._mro(owner.ctx, owner.info, depth):
            if attr in info.self_attrs or attr in info.body or attr in info.inner:
                return None
            method = self.method(ctx, info, attr)
            if method is not None:
                return method if is_property(method.info.node) else None
        return None

    def property_method(self, ctx: ModuleContext, info: ClassInfo, attr: str) -> FuncRef | None:
        """The ``@property`` of that name the class itself defines."""
        method = self.method(ctx, info, attr)
        return method if method is not None and is_property(method.info.node) else None

    def method(self, ctx: ModuleContext, info: ClassInfo, attr: str) -> FuncRef | None:
        for item in info.node.body.body:
            if isinstance(item, cst.FunctionDef) and item.name.value == attr:
                function = ctx.index.function_of.get(item)
                return FuncRef(ctx, function) if function is not None else None
        return None

    def _mro(
        self, ctx: ModuleContext, info: ClassInfo, depth: int
    ) -> list[tuple[ClassInfo, ModuleContext]]:
        chain = [(info, ctx)]
        if depth > MAX_DEPTH:
            return chain
        for base in info.bases:
            found = self.resolve(ctx, base, depth + 1)
            if isinstance(found, ClassRef):
                chain += self._mro(found.ctx, found.info, depth + 1)
        return chain

    def mro(self, ctx: ModuleContext, info: ClassInfo) -> list[tuple[ClassInfo, ModuleContext]]:
        """The class and the bases the repository defines, nearest first."""
        return self._mro(ctx, info, 0)

    def returns(self, callee: Binding | None) -> list[Expr]:
        """Every value a function gives back: its ``return`` values (a ``return None`` left
        out when another returns something), else what it ``yield``s (a FastAPI dependency
        that opens a client and yields it). Empty for anything but a function."""
        if not isinstance(callee, FuncRef):
            return []
        node = callee.info.node
        if node not in self._returns:
            collector = _Returns()
            node.body.visit(collector)
            values = collector.returns or collector.yields
            self._returns[node] = [v for v in values if not _is_none(v)] or values
        return [Expr(callee.ctx, v) for v in self._returns[node]]

    def returned(self, callee: Binding | None) -> Expr | None:
        """What a function gives back as one object: its one returned (or yielded) value,
        or the first of several that name the same object (``if _client is not None:
        return _client`` before ``return _client``). The values of several different
        returns are a choice (:mod:`scanner.returned_values`), not one object."""
        values = self.returns(callee)
        if len(values) == 1 or (values and function_bodies._same_object(self, values)):
            return values[0]
        return None

    def origin(
        self, ctx: ModuleContext, node: cst.BaseExpression
    ) -> tuple[ModuleContext, cst.Call] | None:
        """The call that built the object ``node`` denotes (a client, a session, a channel)."""
        found = self.resolve(ctx, node)
        if isinstance(found, Param):
            found = self.injected(found) or call_sites._passed(self, found)
        if isinstance(found, Instance) and found.site is not None:
            found = found.site
        if isinstance(found, Expr) and isinstance(found.node, cst.Call):
            return found.ctx, found.node
        return None

    def injected(self, param: Param) -> Binding | None:
        """A FastAPI dependency: ``x: Annotated[T, Depends(f)]`` or ``x = Depends(f)``."""
        for ctx, call in type_hints._depends(self, param):
            provider = call.args[0].value if call.args else None
            if provider is None:
                continue
            returned = self.returned(self.resolve(ctx, provider))
            if returned is not None:
                return self.resolve(returned.ctx, returned.node, 1)
        return None

    def unalias(
        self, ctx: ModuleContext, ann: cst.BaseExpression | None
    ) -> list[tuple[ModuleContext, cst.BaseExpression]]:
        """A type alias (``CatalogHttp = Annotated[...]``) replaced by what it names."""
        return type_hints.unalias(self, ctx, ann)

    def type_names(self, ctx: ModuleContext, node: cst.BaseExpression) -> frozenset[str]:
        """Qualified names of the type annotated on a parameter, annotated local or
        annotated class attribute (``http: httpx.Client``), when no constructor is known."""
        return type_hints.type_names(self, ctx, node)

    def call_site_args(self, param: Param) -> list[Expr]:
        """The arguments passed for ``param`` wherever its function (or, for ``__init__``,
        its class) is called in the same source root; its default when a call omits it."""
        return call_sites.call_site_args(self, param)

    def django_setting(self, ctx: ModuleContext, name: str) -> list[Expr]:
        """``django.conf.settings.NAME``: see :mod:`scanner.django_settings`."""
        return django_settings.django_setting(self, ctx, name)

    def is_settings(self, ctx: ModuleContext, info: ClassInfo) -> bool:
        return any(
            ctx2.qualified_names(base) & SETTINGS_BASES
            for klass, ctx2 in self._mro(ctx, info, 0)
            for base in klass.bases
        )


def _exports(index: ModuleIndex, name: str) -> bool:
    """Whether ``from module import *`` binds ``name``: listed in a literal ``__all__``,
    else any name without a leading underscore."""
    listed = index.assigns.get("__all__")
    if isinstance(listed, cst.List | cst.Tuple):
        return any(
            isinstance(e.value, cst.SimpleString) and e.value.evaluated_value == name
            for e in listed.elements
        )
    return not name.startswith("_")
