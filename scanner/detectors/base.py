"""What every detector shares: the file being scanned, the evaluator and small call helpers.

A detector is a :class:`libcst.BatchableCSTVisitor`, so the engine can run all active ones in
one traversal. It matches calls by qualified name (``ctx.qualified_names``) or, for methods,
by the qualified name of the call that built the receiver (:meth:`Detector.made_by`), never
by spelling; it appends :mod:`scanner.findings` to ``self.findings`` and nothing else.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from catalog_api.model import Diagnostic
from scanner.bindings import ClassRef, Expr
from scanner.evaluate import Evaluator
from scanner.findings import Finding
from scanner.index import ModuleIndex
from scanner.modules import ModuleContext
from scanner.symbolic import value_of
from scanner.values import Value


class Detector(cst.BatchableCSTVisitor):
    """Base of all detectors; subclasses set ``name`` and ``modules``."""

    name: ClassVar[str] = ""
    # top-level modules whose import activates the detector; also the text pre-filter words
    modules: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, ctx: ModuleContext, evaluator: Evaluator) -> None:
        super().__init__()
        self.ctx = ctx
        self.ev = evaluator
        self.findings: list[Finding] = []
        # what the file shows but no finding can say (a client the evaluator cannot trace)
        self.diagnostics: list[Diagnostic] = []

    @classmethod
    def markers(cls) -> frozenset[str]:
        """Words a file must contain for this detector to possibly match (cheap pre-filter)."""
        return cls.modules

    @classmethod
    def may_want(cls, text: str, imported: frozenset[str]) -> bool:
        """Whether a file whose text is ``text`` and which imports the top-level modules
        ``imported`` (read without parsing) can matter: the pre-filter that decides whether
        a file is parsed at all. By default: it imports one of ``modules``, or contains one of
        the extra :meth:`markers` a detector declares."""
        return bool(cls.modules & imported) or any(w in text for w in cls.markers() - cls.modules)

    @classmethod
    def wants(cls, index: ModuleIndex) -> bool:
        """Whether the detector should run on a module with this index."""
        return bool(cls.modules & index.imported_roots)

    # -- helpers -------------------------------------------------------------------------
    def names(self, node: cst.CSTNode) -> frozenset[str]:
        return self.ctx.qualified_names(node)

    def value(self, node: cst.BaseExpression) -> Value:
        return value_of(self.ev, self.ctx, node)

    def line(self, node: cst.CSTNode) -> int:
        return self.ctx.line(node)

    def made_by(self, receiver: cst.BaseExpression) -> tuple[frozenset[str], cst.Call | None]:
        """Qualified names of the call that built ``receiver`` and that call (in whichever
        module it lives; use :meth:`made_value` for its arguments); failing that, the
        qualified names of the type ``receiver`` is annotated with, and no call."""
        found = self.ev.origin(self.ctx, receiver)
        if found is not None:
            ctx, call = found
            names = ctx.qualified_names(call.func)
            if names:
                self._origin_ctx = ctx
                return names, call
        return self.ev.type_names(self.ctx, receiver), None

    def inherited(self, call: cst.Call | None, maker: bool = False) -> frozenset[str]:
        """Qualified names of the library classes a repository class derives from, when
        ``call`` builds an instance of it: ``GateWay()`` with ``class GateWay(FastAPI)``
        gives ``fastapi.FastAPI``. ``call`` stands in this module, or (``maker``) is the one
        :meth:`made_by` last returned. Only capitalised callees are looked up (classes, by
        convention), so most calls cost nothing."""
        if call is None:
            return frozenset()
        func = call.func
        name = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", "")
        if not isinstance(name, str) or not name[:1].isupper():
            return frozenset()
        ctx = getattr(self, "_origin_ctx", self.ctx) if maker else self.ctx
        found = self.ev.resolve(ctx, func)
        if not isinstance(found, ClassRef):
            return frozenset()
        return frozenset(
            qualified
            for info, owner in self.ev.mro(found.ctx, found.info)
            for base in info.bases
            for qualified in owner.qualified_names(base)
        )

    def made_at(self, call: cst.Call | None) -> tuple[str, int] | None:
        """Where the call last returned by :meth:`made_by` stands, as (path, line)."""
        if call is None:
            return None
        ctx = getattr(self, "_origin_ctx", self.ctx)
        return (ctx.path, ctx.line(call))

    def written_at(self, node: cst.BaseExpression | None) -> tuple[str, int] | None:
        """Where a name used here got its literal value (``COLLECTION = "entries"``), so
        evidence cites the line that names the table, topic or queue."""
        if not isinstance(node, cst.Name | cst.Attribute):
            return None
        found = self.ev.resolve(self.ctx, node)
        if isinstance(found, Expr) and isinstance(found.node, cst.SimpleString):
            return (found.ctx.path, found.ctx.line(found.node))
        return None

    def made_value(self, node: cst.BaseExpression) -> Value:
        """Value of an argument of the call last returned by :meth:`made_by`."""
        return value_of(self.ev, getattr(self, "_origin_ctx", self.ctx), node)


def arg(call: cst.Call, position: int | None, *keywords: str) -> cst.BaseExpression | None:
    """The argument at ``position`` (positional) or under one of ``keywords``."""
    for a in call.args:
        if a.keyword is not None and a.keyword.value in keywords:
            return a.value
    positional = [a.value for a in call.args if a.keyword is None and a.star == ""]
    if position is not None and position < len(positional):
        return positional[position]
    return None


def splatted(call: cst.Call) -> bool:
    """Whether arguments are passed as ``*args``/``**kwargs`` (so a missing one may be there)."""
    return any(a.star for a in call.args)


def method_of(call: cst.Call) -> tuple[cst.BaseExpression, str] | None:
    """(receiver, method name) when the call is ``receiver.method(...)``."""
    if isinstance(call.func, cst.Attribute):
        return call.func.value, call.func.attr.value
    return None


def strings(node: cst.BaseExpression | None) -> list[str]:
    """Literal strings of a list/tuple/set literal (``methods=["GET", "POST"]``)."""
    if isinstance(node, cst.List | cst.Tuple | cst.Set):
        found = [e.value for e in node.elements]
        return [
            s.evaluated_value
            for s in found
            if isinstance(s, cst.SimpleString) and isinstance(s.evaluated_value, str)
        ]
    return []
