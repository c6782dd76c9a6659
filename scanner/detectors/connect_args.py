"""Arguments of a driver's ``connect(host=..., port=..., db=...)`` call, wherever written.

Database drivers are called with keywords, with old-style positionals, and very often with a
configuration dict splatted in: ``pymysql.connect(**DB_CONFIG)`` where ``DB_CONFIG = {"host":
..., "database": ...}`` (or ``dict(host=...)``) sits in a settings module. This reads all
three, following the dict through the evaluator, and says when a ``**`` could not be read, so
a missing host is reported as unknown instead of the library's default being invented.
"""

from __future__ import annotations

import libcst as cst

from scanner.bindings import Expr
from scanner.detectors.base import Detector
from scanner.evaluate import Evaluator
from scanner.modules import ModuleContext
from scanner.symbolic import value_of
from scanner.values import Value

CASTS = frozenset({"builtins.int", "builtins.str"})  # ``port=int(os.getenv(...))``
DICTS = frozenset({"builtins.dict"})
_LISTS = cst.List | cst.Tuple | cst.Set
Where = tuple[ModuleContext, cst.BaseExpression]


class ConnectArgs:
    """The arguments of one call: positionals, keywords and readable ``**`` dicts."""

    def __init__(self, detector: Detector, call: cst.Call) -> None:
        self.detector = detector
        self.call = call
        self.opaque = False  # a ``*args``/``**kwargs`` whose content is not known
        self._keywords: dict[str, Where] = {}
        for a in call.args:
            if a.star == "**":
                self._splat(detector.ctx, a.value)
            elif a.star == "*":
                self.opaque = True
        for a in call.args:  # explicit keywords win over a splatted dict
            if a.keyword is not None:
                self._keywords[a.keyword.value] = (detector.ctx, a.value)

    def _splat(self, ctx: ModuleContext, node: cst.BaseExpression) -> None:
        found = self.detector.ev.resolve(ctx, node)
        if not isinstance(found, Expr):
            self.opaque = True
        elif isinstance(found.node, cst.Dict):
            for element in found.node.elements:
                key = (
                    value_of(self.detector.ev, found.ctx, element.key).text
                    if isinstance(element, cst.DictElement)
                    else None  # ``{**other, ...}``
                )
                if key is None:
                    self.opaque = True
                else:
                    self._keywords[key] = (found.ctx, element.value)
        elif (
            isinstance(found.node, cst.Call) and found.ctx.qualified_names(found.node.func) & DICTS
        ):
            for a in found.node.args:
                if a.keyword is None:
                    self.opaque = True
                else:
                    self._keywords[a.keyword.value] = (found.ctx, a.value)
        else:
            self.opaque = True

    def node(self, position: int | None, *keywords: str) -> cst.BaseExpression | None:
        found = self._where(position, keywords)
        return found[1] if found is not None else None

    def value(self, position: int | None, *keywords: str) -> Value | None:
        """The argument's value (``int(x)``/``str(x)`` read as ``x``), None when absent."""
        found = self._where(position, keywords)
        if found is None:
            return None
        ctx, node = found
        if isinstance(node, cst.Call) and ctx.qualified_names(node.func) & CASTS and node.args:
            node = node.args[0].value
        return value_of(self.detector.ev, ctx, node)

    def _where(self, position: int | None, keywords: tuple[str, ...]) -> Where | None:
        for keyword in keywords:
            if keyword in self._keywords:
                return self._keywords[keyword]
        positional = [a.value for a in self.call.args if a.keyword is None and a.star == ""]
        if position is not None and position < len(positional):
            return self.detector.ctx, positional[position]
        return None

    def or_default(self, given: Value | None, default: str) -> Value:
        """``given``, else the library's default unless an unread ``**`` may carry the value."""
        if given is not None:
            return given
        return Value.unknown("**kwargs") if self.opaque else Value.of(default)


def server_url(scheme: str, host: Value, port: Value | None) -> Value:
    """``scheme://host[:port]`` from separately given parts."""
    url = Value.of(f"{scheme}://") + host
    return url + (Value.of(":") + port if port is not None else Value())


def first_item(ev: Evaluator, ctx: ModuleContext, node: cst.BaseExpression) -> Where:
    """The first element of a list/tuple/set of servers (``[("sentinel", 26379), ...]``),
    following a name to the literal it is bound to; the expression itself when it is not a
    literal collection (an environment variable, a call)."""
    found = ev.resolve(ctx, node)
    if isinstance(found, Expr) and isinstance(found.node, _LISTS | cst.Call):
        ctx, node = found.ctx, found.node
    if isinstance(node, _LISTS) and node.elements:
        return ctx, node.elements[0].value
    return ctx, node
