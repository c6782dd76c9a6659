"""A read-only traversal of libcst trees, several visitors at once, several times cheaper
than ``CSTNode.visit``.

libcst's own traversal rebuilds every node it passes (``_visit_and_replace_children``) so
transformers can replace them; for visitors that only look, that is most of a scan's time.
This walk reads the children straight from the node's fields, in the order libcst visits
them (taken once per node type from the source of its ``_visit_and_replace_children``), and
skips whitespace, comments and punctuation, which no visitor here looks at. Visitor methods
are ``visit_<Type>``/``leave_<Type>``; their return values are ignored, as in
``libcst.visit_batched``.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache

import libcst as cst

Hook = Callable[[cst.CSTNode], object]
_FIELD = re.compile(r"\bself\.(\w+)")
_SKIPPED_BASES: tuple[type, ...] = (
    cst.BaseParenthesizableWhitespace,
    cst.EmptyLine,
    cst.TrailingWhitespace,
    cst.Comment,
    cst.Newline,
    cst.Comma,
    cst.Dot,
    cst.Colon,
    cst.Semicolon,
    cst.AssignEqual,
    cst.LeftParen,
    cst.RightParen,
    cst.LeftSquareBracket,
    cst.RightSquareBracket,
    cst.LeftCurlyBrace,
    cst.RightCurlyBrace,
    cst.BaseBinaryOp,
    cst.BaseBooleanOp,
    cst.BaseCompOp,
    cst.BaseAugOp,
    cst.BaseUnaryOp,
    cst.Asynchronous,
    cst.ImportStar,
)


@cache
def _children_fields(kind: type[cst.CSTNode]) -> tuple[str, ...]:
    """The fields of ``kind`` that may hold child nodes, in libcst's visiting order."""
    names = [f.name for f in kind.__dataclass_fields__.values()]
    try:
        source = inspect.getsource(kind._visit_and_replace_children)
    except (OSError, TypeError):  # libcst installed without sources: declaration order
        return tuple(names)
    return tuple(dict.fromkeys(n for n in _FIELD.findall(source) if n in names))


@cache
def _skipped(kind: type) -> bool:
    return issubclass(kind, _SKIPPED_BASES)


_HOOKS: dict[str, tuple[str, ...]] = {}


def hook_names(kind: type[object]) -> tuple[str, ...]:
    """The ``visit_*``/``leave_*`` methods a visitor class defines (not libcst's no-op stubs)."""
    key = f"{kind.__module__}.{kind.__qualname__}"
    if key not in _HOOKS:
        _HOOKS[key] = tuple(
            name
            for name in dir(kind)
            if name.startswith(("visit_", "leave_"))
            and not getattr(getattr(kind, name), "_is_no_op", False)
        )
    return _HOOKS[key]


def walk(node: cst.CSTNode, visitors: Iterable[object]) -> None:
    """Call every visitor's ``visit_<Type>`` before and ``leave_<Type>`` after each node's
    children, in source order."""
    methods: dict[str, list[Hook]] = {}
    for visitor in visitors:
        kind: type[object] = type(visitor)
        for name in hook_names(kind):
            methods.setdefault(name, []).append(getattr(visitor, name))
    visits = {k.removeprefix("visit_"): v for k, v in methods.items() if k.startswith("visit_")}
    leaves = {k.removeprefix("leave_"): v for k, v in methods.items() if k.startswith("leave_")}
    _walk(node, visits, leaves)


def _walk(
    node: cst.CSTNode, visits: Mapping[str, list[Hook]], leaves: Mapping[str, list[Hook]]
) -> None:
    kind = type(node)
    name = kind.__name__
    for hook in visits.get(name, ()):
        hook(node)
    for field in _children_fields(kind):
        value = getattr(node, field)
        what = _ROLES.get(type(value))
        if what is None:
            what = _role(type(value))
        if what == _NODE:
            _walk(value, visits, leaves)
        elif what == _SEQUENCE:
            for item in value:
                role = _ROLES.get(type(item))
                if (role if role is not None else _role(type(item))) == _NODE:
                    _walk(item, visits, leaves)
    for hook in leaves.get(name, ()):
        hook(node)


# What a field value is, by its type: isinstance against libcst's abstract node classes
# goes through ``ABCMeta.__instancecheck__``, which profiling showed cost as much as the
# walk itself; a dict lookup per type does not.
_OTHER, _NODE, _SEQUENCE = 0, 1, 2
_ROLES: dict[type, int] = {}


def _role(kind: type) -> int:
    if issubclass(kind, cst.CSTNode):
        role = _OTHER if _skipped(kind) else _NODE
    elif issubclass(kind, tuple | list):
        role = _SEQUENCE
    else:
        role = _OTHER
    _ROLES[kind] = role
    return role
