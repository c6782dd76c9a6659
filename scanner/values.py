"""Symbolic values: what a URL, DSN or queue name is made of before we know the environment.

Code rarely holds a literal URL; it holds ``f"{settings.orders_url}/orders/{order_id}"``. The
evaluator turns such an expression into a :class:`Value`, a sequence of literal text,
environment-variable references (with the default the code gives) and unknown parts; the
assembler later resolves the references against each service's environment from compose or
Kubernetes. Pure: no libcst here, so values can be built in tests by hand.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urljoin, urlsplit

_ABSOLUTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


@dataclass(frozen=True, slots=True)
class EnvRef:
    """The value of environment variable ``name``; ``default`` when the code gives one."""

    name: str
    default: Value | None = None


@dataclass(frozen=True, slots=True)
class Unknown:
    """A part we could not follow (a parameter, a call result); ``hint`` is its source text."""

    hint: str = ""


@dataclass(frozen=True, slots=True)
class Join:
    """A URL joined from a base and a reference, deferred until both are resolved.

    ``urljoin`` follows :func:`urllib.parse.urljoin`; ``append`` follows httpx's
    ``base_url`` merge (the reference is appended to the base path).
    """

    base: Value
    ref: Value
    mode: Literal["urljoin", "append"] = "urljoin"


@dataclass(frozen=True, slots=True)
class Choice:
    """One of several values: a parameter its callers pass differently (a client wrapper's
    ``path``); expanded into one value per option when the target is named."""

    options: tuple[Value, ...]


Part = str | EnvRef | Unknown | Join | Choice
MAX_EXPANSIONS = 16


@dataclass(frozen=True, slots=True)
class Value:
    """A symbolic string: literal text, env references, joins and unknown parts."""

    parts: tuple[Part, ...] = ()

    @staticmethod
    def of(text: str) -> Value:
        return Value((text,)) if text else Value()

    @staticmethod
    def unknown(hint: str = "") -> Value:
        return Value((Unknown(hint),))

    @staticmethod
    def env(name: str, default: Value | None = None) -> Value:
        return Value((EnvRef(name, default),))

    def __add__(self, other: Value) -> Value:
        parts = list(self.parts)
        for part in other.parts:
            if parts and isinstance(part, str) and isinstance(parts[-1], str):
                parts[-1] = parts[-1] + part
            elif part != "":
                parts.append(part)
        return Value(tuple(parts))

    @property
    def text(self) -> str | None:
        """The literal text when the value is fully known, else None."""
        if all(isinstance(p, str) for p in self.parts):
            return "".join(p for p in self.parts if isinstance(p, str))
        return None

    @property
    def is_unknown(self) -> bool:
        return any(isinstance(p, Unknown) for p in self.parts) and self.text is None

    def env_names(self) -> frozenset[str]:
        """Every environment variable this value reads, defaults included."""
        names: set[str] = set()
        for part in self.parts:
            if isinstance(part, EnvRef):
                names.add(part.name)
                if part.default is not None:
                    names |= part.default.env_names()
            elif isinstance(part, Join):
                names |= part.base.env_names() | part.ref.env_names()
            elif isinstance(part, Choice):
                names = names.union(*(o.env_names() for o in part.options))
        return frozenset(names)

    def resolve(self, env: Mapping[str, str]) -> Value:
        """Substitute env references (the environment wins over the code's default) and
        compute joins whose inputs became known. Unresolvable references stay."""
        out = Value()
        for part in self.parts:
            out = out + _resolve_part(part, env)
        return out

    def expand(self) -> list[Value]:
        """The plain values this one stands for, one per combination of choices (bounded);
        joins are kept as they are."""
        expanded = [Value()]
        for part in self.parts:
            options = part.options if isinstance(part, Choice) else (Value((part,)),)
            expanded = [v + o for v in expanded for o in options][:MAX_EXPANSIONS]
        return expanded

    def render(self) -> str:
        """Human form: env references as ``${NAME}`` or ``${NAME:-default}`` (compose's
        notation), unknown parts as ``{hint}``."""
        return "".join(_render_part(p) for p in self.parts)


def _resolve_part(part: Part, env: Mapping[str, str]) -> Value:
    if isinstance(part, str | Unknown):
        return Value((part,))
    if isinstance(part, Choice):
        return Value((Choice(tuple(o.resolve(env) for o in part.options)),))
    if isinstance(part, EnvRef):
        if part.name in env:
            return Value.of(env[part.name])
        return part.default.resolve(env) if part.default is not None else Value((part,))
    return join(part.base.resolve(env), part.ref.resolve(env), part.mode)


def join(base: Value, ref: Value, mode: Literal["urljoin", "append"]) -> Value:
    """Join two values now if possible, else keep a deferred :class:`Join`."""
    base_text, ref_text = base.text, ref.text
    if base_text is not None and ref_text is not None:
        if mode == "urljoin":
            return Value.of(urljoin(base_text, ref_text))
        return Value.of(_append(base_text, ref_text))
    ref_head = ref.parts[0] if ref.parts else ""
    if isinstance(ref_head, str) and _ABSOLUTE.match(ref_head):
        return ref  # an absolute reference ignores the base
    if base_text is not None and mode == "urljoin" and _starts_with_slash(ref):
        origin = urlsplit(base_text)
        return Value.of(f"{origin.scheme}://{origin.netloc}") + ref
    if base_text is not None or (not base.env_names() and base.is_unknown):
        return _concat(base, ref)
    return Value((Join(base, ref, mode),))


def _starts_with_slash(ref: Value) -> bool:
    head = ref.parts[0] if ref.parts else ""
    return isinstance(head, str) and head.startswith("/")


def _concat(base: Value, ref: Value) -> Value:
    tail = base.parts[-1] if base.parts else ""
    head = ref.parts[0] if ref.parts else ""
    if isinstance(tail, str) and isinstance(head, str):
        return Value(base.parts[:-1]) + Value.of(_append(tail, head)) + Value(ref.parts[1:])
    return base + ref


def _append(base: str, ref: str) -> str:
    if "://" in ref:
        return ref
    if not ref:
        return base
    return base.rstrip("/") + "/" + ref.lstrip("/")


def _render_part(part: Part) -> str:
    if isinstance(part, str):
        return part
    if isinstance(part, EnvRef):
        default = f":-{part.default.render()}" if part.default is not None else ""
        return "${" + part.name + default + "}"
    if isinstance(part, Unknown):
        return "{" + (part.hint or "?") + "}"
    if isinstance(part, Choice):
        return "{" + "|".join(o.render() for o in part.options) + "}"
    return f"join({part.base.render()}, {part.ref.render()})"
