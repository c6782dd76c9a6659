"""``a if test else b`` as a value: the branch the test picks when the test only asks whether
one of the branches is set, else a :class:`~scanner.values.Choice` of both.

The common shapes are defaults written by hand: ``value if value else default``,
``url if url is not None else DEFAULT_URL``, ``default if not value else value``, usually
with ``value = os.getenv(name)``, or the read itself in the test (``"details" if
os.environ.get("HOST") is None else os.environ.get("HOST")``). When the guarded value is an
environment reference without a default, the other branch becomes its default, exactly as
``os.getenv(name) or default`` does; when it is absent (``None`` or ``""``, e.g. a
parameter this call leaves at ``None``) the other branch is the value; when it is a known
non-empty literal, its own branch is.
"""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

from scanner.modules import ModuleContext
from scanner.values import Choice, EnvRef, Unknown, Value

Evaluate = Callable[[cst.BaseExpression], Value]
_ABSENT = (cst.Is, cst.Equal)
_PRESENT = (cst.IsNot, cst.NotEqual)


def choose(ctx: ModuleContext, node: cst.IfExp, evaluate: Evaluate) -> Value:
    """The value of ``node``; ``evaluate`` gives the value of a sub-expression."""
    body, orelse = evaluate(node.body), evaluate(node.orelse)
    guard = _guard(node.test)
    if guard is not None:
        guarded, set_means_body = guard
        present, fallback = (body, orelse) if set_means_body else (orelse, body)
        present_node = node.body if set_means_body else node.orelse
        value = evaluate(guarded)
        if _absent(value):
            return fallback
        reads = value.parts[0] if len(value.parts) == 1 else None
        same = ctx.code(present_node) == ctx.code(guarded)
        if same and isinstance(reads, EnvRef) and reads.default is None:
            return Value.env(reads.name, fallback)
        if value.text is not None:
            return present
    if body.render() == orelse.render():
        return body
    if body.is_unknown and orelse.is_unknown:
        return Value.unknown(ctx.code(node))
    return Value((Choice((body, orelse)),))


def _guard(test: cst.BaseExpression) -> tuple[cst.BaseExpression, bool] | None:
    """(the expression the test checks, whether "it is set" selects the body) for tests that
    only ask whether a value is set: ``x``, ``not x``, ``x is None``, ``x != ""``; for ``and``
    chains (``x is not None and x.strip() != ""``) the first condition decides."""
    if isinstance(test, cst.Name | cst.Attribute | cst.Call):  # ``os.getenv("X")`` too
        return test, True
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        inner = _guard(test.expression)
        return (inner[0], not inner[1]) if inner is not None else None
    if isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.And):
        return _guard(test.left)
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1:
        target = test.comparisons[0]
        checked = cst.Name | cst.Attribute | cst.Call
        if not _empty(target.comparator) or not isinstance(test.left, checked):
            return None
        if isinstance(target.operator, _ABSENT):
            return test.left, False
        if isinstance(target.operator, _PRESENT):
            return test.left, True
    return None


def _empty(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.Name):
        return node.value == "None"
    return isinstance(node, cst.SimpleString) and node.evaluated_value in ("", b"")


def _absent(value: Value) -> bool:
    """``None`` (which the evaluator keeps as an unknown part spelled ``None``) or ``""``."""
    return value.text == "" or value.parts == (Unknown("None"),)
