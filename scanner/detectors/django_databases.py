"""Django ``DATABASES`` as Python leaves it: the module-level literal, then the later writes
at top level applied in order (``DATABASES["default"] = ...``, ``DATABASES["default"]
.update(...)``, ``DATABASES["default"]["HOST"] = ...``, ``DATABASES.update({...})``), so an
override (``dj_database_url.config()`` on top of a SQLite default) replaces what it replaces.
A write whose value the scanner cannot read leaves an :class:`Override`, never the earlier
literal. Writes inside ``if``/``try`` blocks are not applied (their branch may not run).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import libcst as cst

from scanner.detectors.base import method_of

NAME = "DATABASES"
# what moves a URL-configured entry elsewhere (``ENGINE`` = postgis or ``NAME`` do not)
ADDRESS_FIELDS = frozenset({"HOST", "PORT"})


@dataclass(frozen=True)
class Override:
    """A write to an alias whose value is not read: where it is, and what it wrote."""

    node: cst.CSTNode
    hint: str


Fields = dict[str, cst.BaseExpression]
Entry = Fields | cst.BaseExpression | Override
Key = Callable[[cst.BaseExpression], str | None]


@dataclass
class Databases:
    """Replays the writes; ``key`` reads a literal key, ``reads`` says whether the detector
    understands a non-dict value (a ``dj_database_url`` call...)."""

    assigns: dict[str, cst.BaseExpression]
    key: Key
    reads: Callable[[cst.BaseExpression], bool]

    def entries(self, body: Sequence[cst.BaseStatement]) -> dict[str, Entry]:
        found: dict[str, Entry] | None = None
        for statement in body:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    found = self._apply(small, found)
            elif _assigns_databases(statement):  # a conditional literal: the one kept last
                found = self._literal(self.assigns.get(NAME))
        return found if found is not None else self._literal(self.assigns.get(NAME))

    def _literal(self, node: cst.BaseExpression | None) -> dict[str, Entry]:
        entries: dict[str, Entry] = {}
        if isinstance(node, cst.Dict):
            for element in node.elements:
                if isinstance(element, cst.DictElement):
                    entries[self.key(element.key) or ""] = self._entry(element.value)
        return entries

    def _entry(self, node: cst.BaseExpression) -> Fields | cst.BaseExpression:
        if isinstance(node, cst.Dict):
            return {
                key: element.value
                for element in node.elements
                if isinstance(element, cst.DictElement)
                and (key := self.key(element.key)) is not None
            }
        return node

    def _apply(
        self, small: cst.BaseSmallStatement, found: dict[str, Entry] | None
    ) -> dict[str, Entry] | None:
        if isinstance(small, cst.Assign):
            for target in small.targets:
                found = self._assign(target.target, small.value, found)
        elif isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
            call = small.value
            method = method_of(call)
            if method is None or method[1] != "update" or not call.args or found is None:
                return found
            value = self._resolved(call.args[0].value)
            if _is_databases(method[0]) and isinstance(value, cst.Dict):
                found.update(self._literal(value))
            alias = self._alias(method[0])
            if alias is not None and alias in found:
                found[alias] = self._update(found[alias], value)
        return found

    def _assign(
        self, target: cst.BaseExpression, value: cst.BaseExpression, found: dict[str, Entry] | None
    ) -> dict[str, Entry] | None:
        if _is_databases(target):
            return self._literal(value)
        if found is None or not isinstance(target, cst.Subscript):
            return found
        alias = self._alias(target)
        if alias is not None:  # ``DATABASES["default"] = ...``
            entry = self._entry(self._resolved(value))
            understood = isinstance(entry, dict) or self.reads(entry)
            found[alias] = entry if understood else Override(value, alias)
            return found
        alias, field = self._alias(target.value), _key(target, self.key)
        if alias is not None and alias in found and field is not None:
            found[alias] = self._field(found[alias], field, value)
        return found

    def _update(self, entry: Entry, value: cst.BaseExpression) -> Entry:
        written = self._entry(value)
        if isinstance(written, dict):
            for field, item in written.items():
                entry = self._field(entry, field, item)
            return entry
        # ``dj_database_url.config()`` returns every address field: it replaces them all
        return value if self.reads(value) else Override(value, "update")

    def _field(self, entry: Entry, field: str, value: cst.BaseExpression) -> Entry:
        if isinstance(entry, dict):
            return {**entry, field: value}
        if field in ADDRESS_FIELDS and not isinstance(entry, Override):
            return Override(value, field)  # a URL's host rewritten: not rebuilt here
        return entry

    def _alias(self, node: cst.BaseExpression) -> str | None:
        """``default`` in ``DATABASES["default"]``."""
        if isinstance(node, cst.Subscript) and _is_databases(node.value):
            return _key(node, self.key)
        return None

    def _resolved(self, node: cst.BaseExpression) -> cst.BaseExpression:
        """A module-level name's value (``db_from_env = dj_database_url.config(...)``)."""
        for _ in range(3):
            if not isinstance(node, cst.Name) or node.value not in self.assigns:
                break
            node = self.assigns[node.value]
        return node


def _key(node: cst.Subscript, key: Key) -> str | None:
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return None
    return key(node.slice[0].slice.value)


def _is_databases(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == NAME


def _assigns_databases(statement: cst.CSTNode) -> bool:
    """Whether a compound statement binds the module's ``DATABASES`` somewhere inside (a
    class's or function's own name aside)."""
    found = False
    if isinstance(statement, cst.ClassDef | cst.FunctionDef):
        return False

    class Finder(cst.CSTVisitor):
        def visit_ClassDef(self, node: cst.ClassDef) -> bool:
            return False

        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return False

        def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
            nonlocal found
            found = found or _is_databases(node.target)

    statement.visit(Finder())
    return found
