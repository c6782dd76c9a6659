"""The scanner's own qualified names, start lines and traversal stand in for libcst's
metadata providers and ``visit_batched``; these check they still agree with libcst on real
code (the detector fixtures and the shop repository), so a libcst upgrade cannot drift."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider, QualifiedNameProvider

from scanner.index import build_index
from scanner.lines import line_in_source, start_lines
from scanner.qualnames import qualified_names
from scanner.traverse import walk

HERE = Path(__file__).parent
FILES = sorted([*(HERE / "fixtures").rglob("*.py"), *(HERE / "repos").rglob("*.py")])


class _Calls(cst.CSTVisitor):
    def __init__(self) -> None:
        self.calls: list[cst.Call] = []

    def visit_Call(self, node: cst.Call) -> None:
        self.calls.append(node)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(HERE)))
def test_qualified_names_match_libcst_when_calls_name_imports(path: Path) -> None:
    module = cst.parse_module(path.read_text())
    provided = MetadataWrapper(module, unsafe_skip_copy=True).resolve(QualifiedNameProvider)
    index = build_index(module)
    collector = _Calls()
    module.visit(collector)
    for call in collector.calls:
        raw = provided.get(call.func, set())
        names = raw() if callable(raw) else raw  # libcst resolves these lazily
        theirs = {q.name for q in names if "<" not in q.name}
        ours = {q for q in qualified_names(index, call.func) if "<" not in q}
        assert ours == theirs, module.code_for_node(call.func)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(HERE)))
def test_start_lines_match_libcst_when_computed_either_way(path: Path) -> None:
    source = path.read_text()
    module = cst.parse_module(source)
    provided = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    ours = start_lines(module)
    for node, where in provided.items():
        if isinstance(node, cst.BaseExpression | cst.BaseStatement | cst.BaseSmallStatement):
            assert ours[node] == where.start.line, module.code_for_node(node)[:60]
            found = line_in_source(source, node)
            assert found in (None, where.start.line), module.code_for_node(node)[:60]


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(HERE)))
def test_walk_visits_calls_in_libcst_order_when_run_on_a_module(path: Path) -> None:
    module = cst.parse_module(path.read_text())
    theirs, ours = _Calls(), _Calls()
    module.visit(theirs)
    walk(module, [ours])
    assert ours.calls == theirs.calls
