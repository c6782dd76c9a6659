"""Which assignments a read of a name or of a constant-key item sees, from the symbol index
and, for keys a scope assigns more than once, the reaching assignments of :mod:`scanner.flow`.

Kept apart from :mod:`scanner.evaluate` because it needs no evaluation: it only says which
expressions of the same module may be the value, nearest last; the evaluator and the value
builder decide what to make of them. An empty answer means "nothing more precise than the
last assignment", which the evaluator already knows.
"""

from __future__ import annotations

import libcst as cst

from scanner.bindings import Binding, Expr, Param
from scanner.flow import Candidate, Reaching, ends, item_key, reaching
from scanner.index import FunctionInfo, ModuleIndex
from scanner.modules import ModuleContext


def scope_at(index: ModuleIndex, node: cst.BaseExpression) -> FunctionInfo | None:
    """The function a name, attribute or item read stands in (None at module level)."""
    while isinstance(node, cst.Subscript):
        node = node.value
    return index.scope_of.get(node)


def name_candidates(index: ModuleIndex, node: cst.Name) -> tuple[Candidate, ...]:
    """The assignments of ``node``'s name that may reach it, when its own scope (the
    function it is read in, or the module's top level) assigns the name more than once."""
    scope = index.scope_of.get(node)
    if node.value not in (scope.tracked if scope is not None else index.tracked):
        return ()
    return _reaching(index, scope).get(node, ())


def item_candidates(ctx: ModuleContext, node: cst.Subscript) -> tuple[Candidate, ...]:
    """What ``base["key"]`` holds where it is read: the stores of the same key on the same
    receiver that precede it in its own function (or module top level); else the last store
    in an enclosing function (a view defined in a Flask factory runs after the factory set
    ``app.config``) or at module level; failing those, the one value every store in the
    module writes. Empty when its own scope stores the key only after the read."""
    key = item_key(node)
    stores = ctx.index.items.get(key) if key is not None else None
    if not stores:
        return ()
    first = scope = scope_at(ctx.index, node)
    while True:
        mine = [value for where, value in stores if where is scope]
        if mine and scope is first:  # nothing stored before this read: not this key's value
            return _reaching(ctx.index, scope).get(node, ())
        if mine:
            return (mine[-1],)
        if scope is None:
            break
        scope = scope.parent
    written = {ctx.code(value) for _, value in stores}
    return (stores[-1][1],) if len(written) == 1 else ()


def module_end_candidates(index: ModuleIndex, name: str) -> tuple[Candidate, ...]:
    """The assignments of a module-level name that may hold once the module has run (an
    importer's view, or a function's called later), when the module assigns it more than
    once; empty otherwise (the last assignment is then the answer)."""
    if name not in index.tracked:
        return ()
    if index.ends is None:
        index.ends = ends(index.body, index.tracked)
    return index.ends.get(name, ())


def nearest(found: tuple[Candidate, ...]) -> Candidate:
    """The assignment nearest the read, passing over a ``None`` placeholder when a value
    also reaches it (``r = Redis(); if failed: r = None; r.set(...)``)."""
    values = [c for c in found if not (isinstance(c, cst.Name) and c.value == "None")]
    return values[-1] if values else found[-1]


def bound_to(ctx: ModuleContext, scope: FunctionInfo | None, found: Candidate) -> Binding | None:
    """A candidate as the evaluator's binding: None for one it cannot follow (``+=``, a loop
    target, unpacking anything but a tuple literal)."""
    if isinstance(found, cst.Param):
        return Param(ctx, scope, found) if scope is not None else None
    return Expr(ctx, found) if isinstance(found, cst.BaseExpression) else None


def _reaching(index: ModuleIndex, scope: FunctionInfo | None) -> Reaching:
    if scope is None:
        if index.reaching is None:
            index.reaching = reaching(index.body, index.tracked)
        return index.reaching
    if scope.reaching is None:
        scope.reaching = reaching(scope.node.body, scope.tracked, scope.params)
    return scope.reaching


def class_body_value(ctx: ModuleContext, node: cst.Name) -> cst.BaseExpression | None:
    """What a name read directly in a class body holds when that body assigned it above the
    read (``host = getenv("HOST") or "localhost"`` then ``connect(host=host)``): the class
    namespace comes before the module's there, though not inside its methods."""
    klass = ctx.index.class_of.get(node)
    if klass is None or ctx.index.scope_of.get(node) is not None:
        return None
    value = klass.body.get(node.value)
    if value is None or ctx.line(value) >= ctx.line(node):
        return None
    return value
