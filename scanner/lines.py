"""Start lines of every node of a module, from one cheap code generation pass.

libcst's ``PositionProvider`` records a full start/end range for every node through a
context manager per node; a scan only ever needs the start line of a few nodes, and the
provider was the largest single cost of a cold scan. This pass regenerates the module's code
once, counting newlines as tokens go by, and notes the line each node starts on. A node that
owns the blank lines and comments above it (a statement's ``leading_lines``) starts after
them; a function or class starts at its ``def``/``class`` line, after its decorators, as the
provider has it.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field

import libcst as cst
from libcst._nodes.internal import CodegenState

_NOTHING = nullcontext()  # reusable: one shared instance, no allocation per node


@dataclass
class _LineState(CodegenState):
    line: int = 1
    starts: dict[cst.CSTNode, int] = field(default_factory=dict)

    def add_token(self, value: str) -> None:
        if "\n" in value:
            self.line += value.count("\n")

    def before_codegen(self, node: cst.CSTNode) -> None:
        self.starts[node] = self.line

    # libcst declares a generator context manager here; any context manager does, and a
    # shared no-op one saves building a generator per node
    def record_syntactic_position(  # type: ignore[override]
        self,
        node: cst.CSTNode,
        *,
        start_node: cst.CSTNode | None = None,
        end_node: cst.CSTNode | None = None,
    ) -> AbstractContextManager[None]:
        return _NOTHING


def start_lines(module: cst.Module) -> dict[cst.CSTNode, int]:
    """The 1-based line each node of ``module`` starts on."""
    state = _LineState(default_indent=module.default_indent, default_newline=module.default_newline)
    module._codegen(state)
    starts = state.starts
    for node, line in starts.items():
        leading = getattr(node, "leading_lines", None)
        if leading:
            starts[node] = line + len(leading)
        parens = getattr(node, "lpar", None)
        if isinstance(parens, tuple | list) and parens:  # starts inside its parentheses
            starts[node] = line + _paren_lines(parens)
    for node in list(starts):
        if isinstance(node, cst.FunctionDef | cst.ClassDef) and node.decorators:
            starts[node] = _after_decorators(node, starts)
    return starts


def line_in_source(source: str, node: cst.CSTNode) -> int | None:
    """The start line of ``node`` found by searching the module's own source for the node's
    code, without generating the whole module: None unless that code occurs exactly once
    (and for nodes that own lines above them, whose start needs :func:`start_lines`)."""
    if getattr(node, "leading_lines", None) or isinstance(node, cst.FunctionDef | cst.ClassDef):
        return None
    snippet = _code(node)
    if not snippet.strip():
        return None
    at = source.find(snippet)
    if at < 0 or source.find(snippet, at + 1) >= 0:
        return None
    parens = getattr(node, "lpar", None)
    extra = _paren_lines(parens) if isinstance(parens, tuple | list) and parens else 0
    return source.count("\n", 0, at) + 1 + extra


def _paren_lines(parens: tuple[cst.CSTNode, ...] | list[cst.CSTNode]) -> int:
    return sum(_code(p).count("\n") for p in parens)


def _after_decorators(node: cst.FunctionDef | cst.ClassDef, starts: dict[cst.CSTNode, int]) -> int:
    last = node.decorators[-1]
    return starts[last] + 1 + len(node.lines_after_decorators) + _newlines(last)


def _newlines(decorator: cst.Decorator) -> int:
    """Extra lines a decorator spans (a call with arguments over several lines)."""
    return _code(decorator.decorator).count("\n")


def _code(node: cst.CSTNode) -> str:
    return _EMPTY.code_for_node(node)


_EMPTY = cst.Module(body=[])
