"""Plain business-logic Python for the synthetic monorepo: dataclasses, enums, validation,
loops, comprehensions, classes with methods, exceptions, constants.

Every module is built from a seeded :class:`random.Random`, statement by statement, so no two
files are alike while the whole repository is reproducible. The code is never run; it only
has to parse and look like what a service's domain modules look like (names that read as
English, realistic line lengths, docstrings, comments and blank lines).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


NOUNS = words(
    "order item customer invoice shipment product account payment coupon address warehouse "
    "refund entry subscription reservation ticket report batch quota tariff route vehicle "
    "driver policy claim review rating basket voucher parcel carrier region store supplier "
    "contract budget forecast campaign segment lead booking slot room guest flight fare "
    "seat ledger balance transfer merchant device session profile member plan feature "
    "schedule shift employee timesheet expense receipt asset lease tenant meter reading"
)
VERBS = words(
    "compute validate normalize apply merge split reconcile summarize build parse format "
    "rank filter allocate schedule estimate resolve collect group score classify enrich "
    "convert adjust expand prune dedupe aggregate project derive assign price rebalance "
    "match render prepare check select sort collapse"
)
QUALIFIERS = words(
    "pending active total net gross daily weekly max min effective current previous "
    "expected actual base unit raw scaled open closed primary default adjusted remaining "
    "eligible late early local external"
)
ATTRS = words(
    "id code name status amount price quantity rate region currency created_at updated_at "
    "label weight score priority owner kind tags count limit threshold ratio notes source "
    "due_date discount version"
)
EXCEPTIONS = ("ValueError", "KeyError", "TypeError", "LookupError", "ArithmeticError")
STDLIB = {
    "dataclass": "from dataclasses import dataclass",
    "field": "from dataclasses import field",
    "Enum": "from enum import Enum",
    "Decimal": "from decimal import Decimal",
    "datetime": "from datetime import datetime",
    "timedelta": "from datetime import timedelta",
    "defaultdict": "from collections import defaultdict",
    "Counter": "from collections import Counter",
    "Iterable": "from collections.abc import Iterable",
    "Mapping": "from collections.abc import Mapping",
    "Sequence": "from collections.abc import Sequence",
    "logging": "import logging",
    "re": "import re",
    "itertools": "import itertools",
    "math": "import math",
    "contextlib": "import contextlib",
    "functools": "import functools",
}


def past(verb: str) -> str:
    return f"{verb}d" if verb.endswith("e") else f"{verb}ed"


def gerund(verb: str) -> str:
    return f"{verb[:-1]}ing" if verb.endswith("e") else f"{verb}ing"


def plural(noun: str) -> str:
    if noun.endswith(("s", "x", "ch", "sh")):
        return f"{noun}es"
    if noun.endswith("y") and noun[-2] not in "aeiou":
        return f"{noun[:-1]}ies"
    return f"{noun}s"


def signature(indent: str, head: str, params: list[str], returns: str) -> list[str]:
    """A ``def`` line, its parameters one per line when it would pass 99 characters."""
    line = f"{indent}def {head}({', '.join(params)}) -> {returns}:"
    if len(line) <= 99:
        return [line]
    return [
        f"{indent}def {head}(",
        *(f"{indent}    {p}," for p in params),
        f"{indent}) -> {returns}:",
    ]


@dataclass
class Export:
    """A top-level function or class a module offers to its siblings."""

    module: str  # dotted, e.g. ``orders.pricing``
    name: str
    params: int  # positional arguments a call needs (classes: fields)


@dataclass
class Scope:
    """Local names in a function body and roughly what they hold."""

    nums: list[str] = field(default_factory=list)
    strs: list[str] = field(default_factory=list)
    seqs: list[str] = field(default_factory=list)
    maps: list[str] = field(default_factory=list)


class ModuleWriter:
    """Words, expressions and statements for one module; it records the standard-library
    names its code uses (``needs``) so the module's imports can be written last."""

    def __init__(self, rng: random.Random, module: str) -> None:
        self.rng = rng
        self.module = module
        self.needs: set[str] = set()
        self.used: set[str] = set()

    # -- words ---------------------------------------------------------------------------
    def word(self, words: tuple[str, ...] | list[str]) -> str:
        return self.rng.choice(words)

    def ident(self, parts: int = 2) -> str:
        pools = [QUALIFIERS, NOUNS, ATTRS][-parts:]
        return "_".join(self.word(p) for p in pools)

    def fresh(self, base: str) -> str:
        name, n = base, 2
        while name in self.used:
            name, n = f"{base}_{n}", n + 1
        self.used.add(name)
        return name

    def camel(self) -> str:
        return "".join(w.capitalize() for w in (self.word(QUALIFIERS), self.word(NOUNS)))

    # -- expressions ---------------------------------------------------------------------
    def number(self) -> str:
        roll = self.rng.random()
        if roll < 0.4:
            return str(self.rng.randint(0, 500))
        if roll < 0.7:
            return f"{self.rng.uniform(0, 10):.2f}"
        self.needs.add("Decimal")
        return f'Decimal("{self.rng.uniform(0, 99):.2f}")'

    def num_expr(self, scope: Scope) -> str:
        a = self.rng.choice(scope.nums) if scope.nums else self.number()
        roll = self.rng.random()
        if roll < 0.3 or not scope.nums:
            return f"{a} {self.word(('+', '-', '*'))} {self.number()}"
        b = self.rng.choice(scope.nums)
        if roll < 0.5:
            return f"max({a}, {b})" if roll < 0.4 else f"min({a}, {b} * {self.number()})"
        if roll < 0.65 and scope.seqs:
            return f"len({self.rng.choice(scope.seqs)})"
        if roll < 0.8:
            return f"round({a} * {b}, {self.rng.randint(0, 4)})"
        return f"({a} - {b}) / max({b}, 1)"

    def str_expr(self, scope: Scope) -> str:
        roll = self.rng.random()
        if roll < 0.35 and (scope.strs or scope.nums):
            ref = self.rng.choice(scope.strs or scope.nums)
            return f'f"{self.word(NOUNS)}-{{{ref}}}"'
        if roll < 0.6 and scope.strs:
            method = self.word(("strip()", "lower()", "upper()", "title()", 'replace("-", "_")'))
            return f"{self.rng.choice(scope.strs)}.{method}"
        return f'"{self.word(QUALIFIERS)}_{self.word(ATTRS)}"'

    def condition(self, scope: Scope) -> str:
        roll = self.rng.random()
        if roll < 0.4 and scope.nums:
            op = self.word(("<", ">", "<=", ">=", "==", "!="))
            return f"{self.rng.choice(scope.nums)} {op} {self.number()}"
        if roll < 0.6 and scope.strs:
            one, other = self.word(QUALIFIERS), self.word(QUALIFIERS)
            return f'{self.rng.choice(scope.strs)} in {{"{one}", "{other}"}}'
        if roll < 0.8 and scope.seqs:
            return f"not {self.rng.choice(scope.seqs)}"
        if scope.maps:
            return f'"{self.word(ATTRS)}" in {self.rng.choice(scope.maps)}'
        return f"{self.word(QUALIFIERS)}_enabled" if roll < 0.9 else "strict"

    # -- statements ----------------------------------------------------------------------
    def block(self, indent: int, scope: Scope, depth: int, count: int) -> list[str]:
        out: list[str] = []
        for _ in range(count):
            out += self.statement(indent, scope, depth)
        return out

    def statement(self, indent: int, scope: Scope, depth: int) -> list[str]:
        pad = "    " * indent
        roll = self.rng.random()
        if depth > 0 and roll < 0.16:
            return self._if(indent, scope, depth)
        if depth > 0 and roll < 0.28 and scope.seqs:
            return self._for(indent, scope, depth)
        if depth > 0 and roll < 0.33:
            return self._try(indent, scope, depth)
        if roll < 0.43 and scope.seqs:
            return self._comprehension(pad, scope)
        if roll < 0.5:
            self.needs.add("logging")
            ref = self.rng.choice(scope.nums or scope.strs or ["0"])
            level = self.word(("debug", "info", "warning"))
            return [f'{pad}logger.{level}("{self.word(VERBS)} {self.word(NOUNS)} %s", {ref})']
        if roll < 0.56 and scope.nums:
            return [f"{pad}{self.rng.choice(scope.nums)} += {self.num_expr(scope)}"]
        if roll < 0.6 and self.rng.random() < 0.5:
            return [f"{pad}# {self.comment()}", *self.statement(indent, scope, 0)]
        if roll < 0.72:
            name, value = self.fresh(self.ident()), self.str_expr(scope)
            scope.strs.append(name)
            return [f"{pad}{name} = {value}"]
        name, value = self.fresh(self.ident()), self.num_expr(scope)
        scope.nums.append(name)
        return [f"{pad}{name} = {value}"]

    def _if(self, indent: int, scope: Scope, depth: int) -> list[str]:
        pad = "    " * indent
        out = [f"{pad}if {self.condition(scope)}:"]
        out += self.block(indent + 1, scope, depth - 1, self.rng.randint(1, 3))
        if self.rng.random() < 0.3:
            out.append(f"{pad}elif {self.condition(scope)}:")
            out += self.block(indent + 1, scope, depth - 1, self.rng.randint(1, 2))
        if self.rng.random() < 0.4:
            out.append(f"{pad}else:")
            out += self.block(indent + 1, scope, depth - 1, self.rng.randint(1, 2))
        return out

    def _for(self, indent: int, scope: Scope, depth: int) -> list[str]:
        pad = "    " * indent
        seq = self.rng.choice(scope.seqs)
        var = self.fresh(self.word(NOUNS))
        if self.rng.random() < 0.3:
            index = self.fresh("position")
            out = [f"{pad}for {index}, {var} in enumerate({seq}):"]
            inner = Scope([*scope.nums, index], [*scope.strs, var], scope.seqs, scope.maps)
        else:
            out = [f"{pad}for {var} in {seq}:"]
            inner = Scope(scope.nums, [*scope.strs, var], scope.seqs, scope.maps)
        out += self.block(indent + 1, inner, depth - 1, self.rng.randint(1, 4))
        if self.rng.random() < 0.2:
            out.append(f"{pad}    if {self.condition(inner)}:")
            out.append(f"{pad}        {self.word(('break', 'continue'))}")
        return out

    def _try(self, indent: int, scope: Scope, depth: int) -> list[str]:
        pad = "    " * indent
        out = [f"{pad}try:"]
        out += self.block(indent + 1, scope, depth - 1, self.rng.randint(1, 3))
        errors = sorted(set(self.rng.sample(EXCEPTIONS, self.rng.randint(1, 2))))
        caught = errors[0] if len(errors) == 1 else f"({', '.join(errors)})"
        out.append(f"{pad}except {caught} as exc:")
        self.needs.add("logging")
        out.append(f'{pad}    logger.warning("could not {self.word(VERBS)}: %s", exc)')
        if self.rng.random() < 0.5:
            out.append(f"{pad}    raise")
        return out

    def _comprehension(self, pad: str, scope: Scope) -> list[str]:
        seq = self.rng.choice(scope.seqs)
        var = self.word(NOUNS)[0]
        roll = self.rng.random()
        name = self.fresh(self.ident())
        if roll < 0.45:
            scope.seqs.append(name)
            attr = self.word(ATTRS)
            return [f"{pad}{name} = [{var}.{attr} for {var} in {seq} if {var}.{attr}]"]
        if roll < 0.75:
            scope.maps.append(name)
            key, value = self.word(ATTRS), self.word(ATTRS)
            return [f"{pad}{name} = {{{var}.{key}: {var}.{value} for {var} in {seq}}}"]
        if roll < 0.9:
            scope.nums.append(name)
            return [f"{pad}{name} = sum({var}.{self.word(ATTRS)} for {var} in {seq})"]
        self.needs.add("Counter")
        scope.maps.append(name)
        return [f"{pad}{name} = Counter({var}.{self.word(ATTRS)} for {var} in {seq})"]

    def comment(self) -> str:
        verb, noun, attr = self.word(VERBS), self.word(NOUNS), self.word(ATTRS)
        return self.rng.choice(
            [
                f"{verb} before {gerund(self.word(VERBS))}: the {noun} may change",
                f"the {self.word(QUALIFIERS)} {self.word(NOUNS)} wins when both are set",
                f"keep in step with the {self.word(NOUNS)} {self.word(ATTRS)} rules",
                f"TODO: {verb} per {noun} once {attr} is stored",
                f"{self.word(ATTRS)} is optional for {self.word(QUALIFIERS)} {self.word(NOUNS)}s",
            ]
        )
