"""``str`` methods applied to symbolic values: ``replace``, ``strip``/``lstrip``/``rstrip``,
``removeprefix``/``removesuffix``, ``lower``/``upper``, ``format`` and ``sep.join([...])``.

Settings are rarely used as written: ``URL.replace("postgresql://", "postgresql+asyncpg://",
1)`` adapts a compose ``DATABASE_URL`` for asyncpg, ``BASE.rstrip("/")`` trims a base URL,
``"{}/orders".format(BASE)`` builds one. On fully known text the method runs as Python would.
On a value with environment references or unknown parts it runs on the literal text only
where that cannot be wrong: trimming the literal ends, formatting literal templates around
symbolic parts, and a ``replace`` of one URL scheme by another (a driver rewrite, which the
environment's value may contain but which changes no host, port or database). Any other
``replace`` on a partly unknown value is unknown: never a guess.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping, Sequence

import libcst as cst

from scanner.values import Choice, EnvRef, Part, Value

Evaluate = Callable[[cst.BaseExpression], Value]
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://$")
_TRIMS = frozenset({"strip", "lstrip", "rstrip", "removeprefix", "removesuffix"})
_CASES = frozenset({"lower", "upper"})
METHODS = _TRIMS | _CASES | {"replace", "format", "join"}


def string_method(
    node: cst.Call, evaluate: Evaluate, code: Callable[[cst.CSTNode], str]
) -> Value | None:
    """The value of ``receiver.method(...)``, or None when this is not a string method this
    module reads (the caller then tries functions of the project); ``code`` spells a node
    as written, the hint of an unknown result."""
    func = node.func
    if not isinstance(func, cst.Attribute) or func.attr.value not in METHODS:
        return None
    method = func.attr.value
    positional = [a.value for a in node.args if a.keyword is None and not a.star]
    if any(a.star for a in node.args):
        return None
    receiver = evaluate(func.value)
    if method == "format":
        keywords = {a.keyword.value: a.value for a in node.args if a.keyword is not None}
        return _format(receiver, positional, keywords, evaluate)
    if method == "join":
        return _join(receiver, positional, evaluate)
    texts = [evaluate(a).text for a in positional]
    if method in _CASES:
        return _each_literal(receiver, str.lower if method == "lower" else str.upper)
    if None in texts:
        return receiver if method in _TRIMS else None
    known = [t for t in texts if t is not None]
    opaque = receiver.is_unknown and not receiver.env_names()  # maybe a project object
    if method == "replace" and len(known) >= 2 and not opaque:
        count = int(known[2]) if len(known) > 2 and known[2].lstrip("-").isdigit() else -1
        return _replace(receiver, known[0], known[1], count, code(node))
    if method in _TRIMS and len(known) <= 1:
        return _trim(receiver, method, known[0] if known else None)
    return None


def _replace(value: Value, old: str, new: str, count: int, code: str) -> Value:
    if value.text is not None:
        return Value.of(value.text.replace(old, new, count))
    if not (_SCHEME.match(old) and _SCHEME.match(new)):
        return Value.unknown(code)
    return _map(value, lambda part: _replace(part, old, new, count, code))


def _map(value: Value, change: Callable[[Value], Value]) -> Value:
    """``change`` applied to the literal parts, env defaults and choice options."""
    out = Value()
    for part in value.parts:
        if isinstance(part, str):
            out = out + change(Value.of(part))
        elif isinstance(part, EnvRef) and part.default is not None:
            out = out + Value.env(part.name, change(part.default))
        elif isinstance(part, Choice):
            out = out + Value((Choice(tuple(change(o) for o in part.options)),))
        else:
            out = out + Value((part,))
    return out


def _each_literal(value: Value, change: Callable[[str], str]) -> Value:
    return _map(value, lambda v: Value.of(change(v.text)) if v.text is not None else v)


def _trim(value: Value, method: str, chars: str | None) -> Value:
    """Trimming runs on the literal ends only (an env value's own slash stays)."""
    parts: list[Part] = list(value.parts)
    left = {"strip": "lstrip", "lstrip": "lstrip", "removeprefix": "removeprefix"}.get(method)
    right = {"strip": "rstrip", "rstrip": "rstrip", "removesuffix": "removesuffix"}.get(method)
    if parts and left and isinstance(parts[0], str):
        parts[0] = _apply(parts[0], left, chars)
    if parts and right and isinstance(parts[-1], str):
        parts[-1] = _apply(parts[-1], right, chars)
    return Value() + Value(tuple(p for p in parts if p != ""))


def _apply(text: str, method: str, chars: str | None) -> str:
    if method in ("removeprefix", "removesuffix"):
        return text if chars is None else str(getattr(text, method)(chars))
    return str(getattr(text, method)(chars))


def _join(separator: Value, args: Sequence[cst.BaseExpression], evaluate: Evaluate) -> Value | None:
    items = args[0] if len(args) == 1 else None
    if separator.text is None or not isinstance(items, cst.List | cst.Tuple):
        return None
    if any(isinstance(e, cst.StarredElement) for e in items.elements):
        return None
    out = Value()
    for position, element in enumerate(items.elements):
        out = out + (Value.of(separator.text) if position else Value()) + evaluate(element.value)
    return out


def _format(
    template: Value,
    args: Sequence[cst.BaseExpression],
    kwargs: Mapping[str, cst.BaseExpression],
    evaluate: Evaluate,
) -> Value | None:
    """``template.format(...)``: literal parts are formatted, symbolic parts kept as they
    are (``f"{BASE}/{{id}}".format(id=...)``); None when the template is unknown."""
    if template.is_unknown:
        return None
    out, auto = Value(), 0
    for part in template.parts:
        if not isinstance(part, str):
            out = out + Value((part,))
            continue
        try:
            fields = list(string.Formatter().parse(part))
        except ValueError:
            return Value.unknown(template.render())
        for text, field, _, _ in fields:
            out = out + Value.of(text)
            if field is None:
                continue
            key = field.split(".", 1)[0].split("[", 1)[0]
            if key == "":
                key, auto = str(auto), auto + 1
            node = args[int(key)] if key.isdigit() and int(key) < len(args) else kwargs.get(key)
            out = out + (evaluate(node) if node is not None else Value.unknown(field))
    return out
