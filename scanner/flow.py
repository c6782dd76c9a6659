"""Which assignments of a reassigned name reach each use of it, in one function body (or a
module's top level).

Service code reuses one local for several calls: ``url = f"{A}/x"; requests.get(url);
url = f"{B}/y"; requests.get(url)``. "The last assignment wins" sends both calls to ``B``.
This module walks the statements in order, keeping for each tracked name the assignments
that may hold at that point: a straight-line assignment replaces them, the arms of an
``if``/``try``/``match`` merge (assigned in both arms: both are candidates), a loop body is
walked twice so a value from the previous iteration reaches the top of the body, and
``return``/``raise``/``break``/``continue`` end a path. Only names the index saw assigned
more than once (or a parameter reassigned) are tracked, and the walk runs lazily, the first
time the evaluator asks about one of them, so the symbol index stays one cheap pass.

A tracked key is a name (``url``) or a constant-key item of a dotted receiver
(``app.config['X']``, see :func:`item_key`). Uses inside nested functions and lambdas are
not recorded: they run later, and the evaluator gives them the last assignment.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import libcst as cst

from scanner.traverse import walk

# What reaches a use: the assigned expression, the parameter itself (not reassigned yet),
# the ``+=`` that extended the value, or None for a binding the evaluator cannot follow
# (loop target, tuple unpacking of anything but a literal tuple, ``except ... as``).
Candidate = cst.BaseExpression | cst.Param | cst.AugAssign | None
_Def = tuple[int, Candidate]  # (source order, candidate)
_State = dict[str, tuple[_Def, ...]] | None  # None: no path reaches this point
Reaching = dict[cst.CSTNode, tuple[Candidate, ...]]


def item_key(node: cst.BaseExpression) -> str | None:
    """``base['key']`` spelled canonically (``app.config['X']``) when the base is a dotted
    name or another constant-key item and the key a string literal; else None."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = item_key(node.value)
        return f"{base}.{node.attr.value}" if base is not None else None
    if isinstance(node, cst.Subscript) and len(node.slice) == 1:
        index = node.slice[0].slice
        if isinstance(index, cst.Index) and isinstance(index.value, cst.SimpleString):
            base = item_key(node.value)
            key = index.value.evaluated_value
            return f"{base}[{key!r}]" if base is not None and isinstance(key, str) else None
    return None


def unpacked(
    target: cst.Tuple | cst.List, value: cst.BaseExpression
) -> list[tuple[cst.BaseExpression, cst.BaseExpression]] | None:
    """``a, b = x, y``: each target with the element it is given, when the value is a tuple
    or list literal of the same length and neither side is starred; else None."""
    if not isinstance(value, cst.Tuple | cst.List) or len(value.elements) != len(target.elements):
        return None
    elements = [*target.elements, *value.elements]
    if any(isinstance(e, cst.StarredElement) for e in elements):
        return None
    return [(t.value, v.value) for t, v in zip(target.elements, value.elements, strict=True)]


def reaching(
    body: cst.BaseSuite | Sequence[cst.BaseStatement],
    tracked: Collection[str],
    params: Mapping[str, cst.Param] | None = None,
) -> Reaching:
    """For each use of a tracked key in ``body``: the candidates that may hold there, in
    source order (the nearest last); an empty tuple when nothing assigned precedes it."""
    flow = _Flow(frozenset(tracked))
    start = {n: ((-1, p),) for n, p in (params or {}).items() if n in flow.tracked}
    if isinstance(body, cst.BaseSuite):
        flow.suite(body, dict(start))
    else:
        flow.block(body, dict(start))
    return flow.uses


def ends(
    body: Sequence[cst.BaseStatement], tracked: Collection[str]
) -> dict[str, tuple[Candidate, ...]]:
    """For each tracked key: the candidates that may hold once ``body`` (a module's top
    level) has run to its end, in source order; what another module importing the name,
    or a function of this one called later, reads."""
    state = _Flow(frozenset(tracked)).block(body, {})
    return {key: tuple(c for _, c in defs) for key, defs in (state or {}).items()}


def _merge(*states: _State) -> _State:
    live = [s for s in states if s is not None]
    if not live:
        return None
    merged: dict[str, tuple[_Def, ...]] = {}
    for key in {k for s in live for k in s}:
        defs = {d for s in live for d in s.get(key, ())}
        merged[key] = tuple(sorted(defs, key=lambda d: d[0]))
    return merged


class _Flow:
    def __init__(self, tracked: frozenset[str]) -> None:
        self.tracked = tracked
        self.items = any("[" in key for key in tracked)  # any item keys to look for
        self.uses: Reaching = {}
        self.order: dict[cst.CSTNode, int] = {}
        self.exits: list[list[_State]] = []  # per enclosing loop: states at break/continue

    def block(self, statements: Sequence[cst.BaseStatement], state: _State) -> _State:
        for statement in statements:
            state = self.statement(statement, state)
        return state

    def suite(self, node: cst.BaseSuite, state: _State) -> _State:
        if isinstance(node, cst.IndentedBlock):
            return self.block(node.body, state)
        for small in node.body if isinstance(node, cst.SimpleStatementSuite) else ():
            state = self.small(small, state)
        return state

    def statement(self, node: cst.BaseStatement, state: _State) -> _State:
        if isinstance(node, cst.SimpleStatementLine):
            for small in node.body:
                state = self.small(small, state)
            return state
        if isinstance(node, cst.If):
            self.read(node.test, state)
            body = self.suite(node.body, state)
            orelse = node.orelse
            if isinstance(orelse, cst.If):
                return _merge(body, self.statement(orelse, state))
            return _merge(body, self.suite(orelse.body, state) if orelse else state)
        if isinstance(node, cst.For | cst.While):
            return self._loop(node, state)
        if isinstance(node, cst.Try | cst.TryStar):
            return self._try(node, state)
        if isinstance(node, cst.With):
            for item in node.items:
                self.read(item.item, state)
                if item.asname is not None:
                    state = self.bind(item.asname.name, item.item, state)
            return self.suite(node.body, state)
        if isinstance(node, cst.Match):
            self.read(node.subject, state)
            return _merge(state, *(self.suite(case.body, state) for case in node.cases))
        return state  # nested def/class: its own scope, read later

    def small(self, node: cst.BaseSmallStatement, state: _State) -> _State:
        if isinstance(node, cst.Assign):
            self.read(node.value, state)
            for target in node.targets:
                self._target_reads(target.target, state)
                state = self.bind(target.target, node.value, state)
            return state
        if isinstance(node, cst.AnnAssign):
            if node.value is None:
                return state
            self.read(node.value, state)
            self._target_reads(node.target, state)
            return self.bind(node.target, node.value, state)
        if isinstance(node, cst.AugAssign):
            self.read(node, state)  # the target's old value is read too
            return self.bind(node.target, node, state)
        self.read(node, state)
        if isinstance(node, cst.Break | cst.Continue) and self.exits:
            self.exits[-1].append(state)
        ends = cst.Return | cst.Raise | cst.Break | cst.Continue
        return None if isinstance(node, ends) else state

    def _loop(self, node: cst.For | cst.While, state: _State) -> _State:
        self.read(node.iter if isinstance(node, cst.For) else node.test, state)
        entry, end = state, state
        self.exits.append([])
        for _ in range(2):  # the second pass sees what the previous iteration assigned
            again = _merge(entry, end, *self.exits[-1])
            if again == entry and end is not state:
                break  # the body changes nothing tracked: one pass is exact
            entry = again
            start = self.bind(node.target, None, entry) if isinstance(node, cst.For) else entry
            end = self.suite(node.body, start)
        exits = self.exits.pop()
        done = _merge(entry, end)
        if node.orelse is not None:
            done = self.suite(node.orelse.body, done)
        return _merge(done, *exits)

    def _try(self, node: cst.Try | cst.TryStar, state: _State) -> _State:
        seen = [state]
        steps = node.body.body if isinstance(node.body, cst.IndentedBlock) else [node.body]
        for step in steps:  # every point of the body may be where it failed
            state = (
                self.suite(step, state)
                if isinstance(step, cst.BaseSuite)
                else self.statement(step, state)
            )
            seen.append(state)
        failed = _merge(*seen)
        ends = [self.suite(node.orelse.body, state) if node.orelse else state]
        for handler in node.handlers:
            start = failed
            if handler.name is not None:
                start = self.bind(handler.name.name, None, start)
            ends.append(self.suite(handler.body, start))
        after = _merge(*ends)
        if node.finalbody is not None:
            after = self.suite(node.finalbody.body, after if after is not None else failed)
        return after

    def bind(self, target: cst.BaseExpression, value: Candidate, state: _State) -> _State:
        if state is None:
            return None
        if isinstance(target, cst.Tuple | cst.List):
            given = unpacked(target, value) if isinstance(value, cst.BaseExpression) else None
            items: list[Candidate] = (
                [i for _, i in given] if given else [None] * len(target.elements)
            )
            for element, item in zip(target.elements, items, strict=True):
                state = self.bind(element.value, item, state)
            return state
        if isinstance(target, cst.StarredElement):
            return self.bind(target.value, None, state)
        key = item_key(target) if isinstance(target, cst.Name | cst.Subscript) else None
        if key is None or key not in self.tracked:
            return state
        order = self.order.setdefault(target, len(self.order))
        return {**state, key: ((order, value),)}

    def _target_reads(self, target: cst.BaseExpression, state: _State) -> None:
        """The receiver of an item or attribute target is read (``app`` in ``app.x[k] = v``)."""
        if isinstance(target, cst.Subscript | cst.Attribute):
            self.read(target.value, state)

    def read(self, node: cst.CSTNode, state: _State) -> None:
        if state is not None:
            walk(node, [_Reads(self, state)])


class _Reads:
    """Records the candidates at every tracked name or item read in one expression (not in
    lambdas: they run later)."""

    def __init__(self, flow: _Flow, state: dict[str, tuple[_Def, ...]]) -> None:
        self.flow = flow
        self.state = state
        self.lambdas = 0

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self.lambdas += 1

    def leave_Lambda(self, node: cst.Lambda) -> None:
        self.lambdas -= 1

    def visit_Name(self, node: cst.Name) -> None:
        self._note(node, node.value)

    def visit_Subscript(self, node: cst.Subscript) -> None:
        if self.flow.items:
            key = item_key(node)
            if key is not None:
                self._note(node, key)

    def _note(self, node: cst.CSTNode, key: str) -> None:
        if key in self.flow.tracked and not self.lambdas:
            self.flow.uses[node] = tuple(c for _, c in self.state.get(key, ()))
