"""Whole modules of plain business logic, and the top-level fragments they are made of.

:func:`business_module` keeps adding fragments (constants, enums, dataclasses, exceptions,
classes with methods, validation and computation functions) until the module reaches the
line count it was asked for, then writes the imports its code needs: standard library,
sibling modules of the same service and the monorepo's shared library.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from synthetic_code import (
    ATTRS,
    NOUNS,
    QUALIFIERS,
    STDLIB,
    VERBS,
    Export,
    ModuleWriter,
    Scope,
    past,
    plural,
    signature,
)

Fragment = Callable[[ModuleWriter, list[Export]], list[str]]
TYPES = {"num": ("int", "float", "Decimal"), "str": ("str",), "seq": ("Sequence",)}


def constants(w: ModuleWriter, _: list[Export]) -> list[str]:
    noun = w.word(NOUNS).upper()
    out = [
        f"MAX_{noun}_{w.word(ATTRS).upper()} = {w.rng.randint(2, 5000)}",
        f'DEFAULT_{w.word(ATTRS).upper()} = "{w.word(QUALIFIERS)}"',
    ]
    labels = w.rng.sample(QUALIFIERS, w.rng.randint(3, 7))
    if w.rng.random() < 0.5:
        items = ", ".join(f'"{label}"' for label in labels)
        return [*out, f"{noun}_{w.word(QUALIFIERS).upper()}_STATES = frozenset({{{items}}})"]
    body = [f'    "{label}": "{label.title()} {w.word(NOUNS)}",' for label in labels]
    return [*out, f"{noun}_LABELS = {{", *body, "}"]


def enum_fragment(w: ModuleWriter, _: list[Export]) -> list[str]:
    w.needs.add("Enum")
    name = w.camel() + w.word(("Status", "Kind", "Level", "Mode"))
    members = w.rng.sample(QUALIFIERS, w.rng.randint(3, 6))
    body = [f'    {m.upper()} = "{m}"' for m in members]
    return [
        f"class {w.fresh(name)}(str, Enum):",
        f'    """{w.comment().capitalize()}."""',
        "",
        *body,
    ]


def exception_fragment(w: ModuleWriter, _: list[Export]) -> list[str]:
    name = w.fresh(w.camel() + "Error")
    base = w.word(("ValueError", "LookupError", "RuntimeError", "Exception"))
    doc = f'    """Raised when a {w.word(NOUNS)} cannot be {past(w.word(VERBS))}."""'
    if w.rng.random() < 0.6:
        return [f"class {name}({base}):", doc]
    attr = w.word(NOUNS)
    return [
        f"class {name}({base}):",
        doc,
        "",
        f"    def __init__(self, {attr}_id: str, reason: str) -> None:",
        f'        super().__init__(f"{attr} {{{attr}_id}}: {{reason}}")',
        f"        self.{attr}_id = {attr}_id",
        "        self.reason = reason",
    ]


def dataclass_fragment(w: ModuleWriter, exports: list[Export]) -> list[str]:
    w.needs.add("dataclass")
    name = w.fresh(w.camel())
    fields = w.rng.sample(ATTRS, w.rng.randint(3, 9))
    frozen = "(frozen=True)" if w.rng.random() < 0.5 else ""
    out = [f"@dataclass{frozen}", f"class {name}:", f'    """A {w.comment()}."""', ""]
    nums: list[str] = []
    strs: list[str] = []
    for i, attr in enumerate(fields):
        kind = w.word(("num", "str", "str"))
        annotation = w.word(TYPES[kind])
        if annotation == "Decimal":
            w.needs.add("Decimal")
        (nums if kind == "num" else strs).append(f"self.{attr}")
        default = ""
        if i >= len(fields) - 2 and w.rng.random() < 0.5:
            default = f" = {w.number()}" if kind == "num" else ' = ""'
            if annotation == "Decimal":
                default = ' = Decimal("0")'
        out.append(f"    {attr}: {annotation}{default}")
    if w.rng.random() < 0.3:
        w.needs.add("field")
        out.append(f"    {w.word(NOUNS)}_tags: list[str] = field(default_factory=list)")
    for _ in range(w.rng.randint(0, 3)):
        out += ["", *_method(w, Scope(nums=list(nums), strs=list(strs)), property_ok=True)]
    exports.append(Export(w.module, name, len(fields)))
    return out


def service_class_fragment(w: ModuleWriter, exports: list[Export]) -> list[str]:
    name = w.fresh(w.camel() + w.word(("Service", "Calculator", "Planner", "Registry", "Policy")))
    deps = w.rng.sample(NOUNS, w.rng.randint(1, 3))
    params = ["self", *(f"{d}_limit: int = {w.rng.randint(1, 100)}" for d in deps)]
    out = [f"class {name}:", f'    """{w.comment().capitalize()}."""', ""]
    out += signature("    ", "__init__", params, "None")
    out += [f"        self.{d}_limit = {d}_limit" for d in deps]
    out.append(f"        self._{w.word(NOUNS)}_seen: dict[str, int] = {{}}")
    scope = Scope(nums=[f"self.{d}_limit" for d in deps])
    for _ in range(w.rng.randint(2, 5)):
        out += ["", *_method(w, Scope(nums=list(scope.nums)), property_ok=False)]
    exports.append(Export(w.module, name, 0))
    return out


def _method(w: ModuleWriter, scope: Scope, property_ok: bool) -> list[str]:
    name = w.fresh(f"{w.word(VERBS)}_{w.word(ATTRS)}")
    if property_ok and w.rng.random() < 0.4 and scope.nums:
        return [
            "    @property",
            f"    def {name}(self) -> float:",
            f"        return {w.num_expr(scope)}",
        ]
    w.needs.add("Sequence")
    seq = plural(w.word(NOUNS))
    scope.seqs.append(seq)
    params = ["self", f"{seq}: Sequence[object]", "strict: bool = False"]
    out = signature("    ", name, params, "float")
    if w.rng.random() < 0.5:
        out.append(f'        """{w.comment().capitalize()}."""')
    out += w.block(2, scope, w.rng.randint(1, 2), w.rng.randint(2, 6))
    return [*out, f"        return {w.rng.choice(scope.nums) if scope.nums else 0}"]


def function_fragment(w: ModuleWriter, exports: list[Export]) -> list[str]:
    name = w.fresh(f"{w.word(VERBS)}_{w.word(QUALIFIERS)}_{w.word(NOUNS)}")
    scope, params = Scope(), []
    for _ in range(w.rng.randint(1, 4)):
        kind = w.word(("num", "str", "seq", "seq", "map"))
        pname = w.fresh(w.ident(1) if kind == "seq" else w.ident(2))
        if kind == "map":
            w.needs.add("Mapping")
            params.append(f"{pname}: Mapping[str, object]")
            scope.maps.append(pname)
        elif kind == "seq":
            w.needs.add("Sequence")
            params.append(f"{plural(pname)}: Sequence[object]")
            scope.seqs.append(plural(pname))
        else:
            annotation = w.word(TYPES[kind])
            if annotation == "Decimal":
                w.needs.add("Decimal")
            params.append(f"{pname}: {annotation}")
            (scope.nums if kind == "num" else scope.strs).append(pname)
    out = signature("", name, params, "float")
    if w.rng.random() < 0.7:
        out.append(f'    """{w.word(VERBS).capitalize()} the {w.word(NOUNS)}: {w.comment()}."""')
    out += w.block(1, scope, w.rng.randint(1, 3), w.rng.randint(2, 9))
    out.append(f"    return {w.rng.choice(scope.nums) if scope.nums else 0}")
    exports.append(Export(w.module, name, len(params)))
    return out


def validation_fragment(w: ModuleWriter, exports: list[Export]) -> list[str]:
    w.needs.add("Mapping")
    noun = w.word(NOUNS)
    name = w.fresh(f"validate_{noun}")
    out = [f"def {name}(data: Mapping[str, object]) -> list[str]:"]
    out += [f'    """Problems with a {noun} payload, empty when it is valid."""', "    errors = []"]
    for attr in w.rng.sample(ATTRS, w.rng.randint(2, 7)):
        roll = w.rng.random()
        if roll < 0.4:
            out += [
                f'    if not data.get("{attr}"):',
                f'        errors.append("{attr} is required")',
            ]
        elif roll < 0.7:
            limit = w.rng.randint(1, 1000)
            out += [
                f'    {attr} = data.get("{attr}", 0)',
                f"    if not isinstance({attr}, int | float) or {attr} > {limit}:",
                f'        errors.append(f"{attr} must be at most {limit}, not {{{attr}!r}}")',
            ]
        else:
            w.needs.add("re")
            out += [
                f'    if not re.fullmatch(r"[A-Z0-9-]{{3,32}}", str(data.get("{attr}", ""))):',
                f'        errors.append("{attr} has an invalid format")',
            ]
    exports.append(Export(w.module, name, 1))
    return [*out, "    return errors"]


def sibling_call_fragment(w: ModuleWriter, exports: list[Export], sibling: Export) -> list[str]:
    name = w.fresh(f"{w.word(VERBS)}_with_{sibling.name.lower()}")
    names = [f"{w.word(NOUNS)}_{i}" for i in range(sibling.params)]
    args = ", ".join(names)
    out = signature("", name, names, "object")
    out.append(f'    """{w.comment().capitalize()}."""')
    out.append(f"    result = {sibling.name}({args})")
    out += w.block(1, Scope(nums=["result"]), 1, w.rng.randint(1, 3))
    exports.append(Export(w.module, name, sibling.params))
    return [*out, "    return result"]


FRAGMENTS: tuple[tuple[Fragment, float], ...] = (
    (function_fragment, 0.34),
    (dataclass_fragment, 0.18),
    (service_class_fragment, 0.14),
    (validation_fragment, 0.12),
    (constants, 0.08),
    (enum_fragment, 0.07),
    (exception_fragment, 0.07),
)


def business_module(
    rng: random.Random,
    module: str,
    target_lines: int,
    siblings: Sequence[Export] = (),
    head: Sequence[str] = (),
    body: Sequence[str] = (),
) -> tuple[str, list[Export]]:
    """A module of about ``target_lines`` lines and what it exports. ``head`` are extra
    import lines and ``body`` extra code (an I/O module's own part) placed first."""
    w = ModuleWriter(rng, module)
    exports: list[Export] = []
    lines = list(body)
    used = rng.sample(list(siblings), min(len(siblings), rng.randint(0, 3)))
    functions, weights = zip(*FRAGMENTS, strict=True)
    while len(lines) + len(head) + 8 < target_lines:
        if used and rng.random() < 0.25:
            fragment = sibling_call_fragment(w, exports, used[len(lines) % len(used)])
        else:
            fragment = rng.choices(functions, weights)[0](w, exports)
        lines += (["", ""] if lines else []) + fragment
    return "\n".join([*_header(w, module, used, head), *lines, ""]), exports


def _header(w: ModuleWriter, module: str, used: Sequence[Export], head: Sequence[str]) -> list[str]:
    verbs = f"{w.word(VERBS).capitalize()} and {w.word(VERBS)}"
    doc = f'"""{verbs} {plural(w.word(NOUNS))} for the {module} module."""'
    stdlib = _imports(STDLIB[n] for n in w.needs)
    local = _imports(f"from {e.module} import {e.name}" for e in used)
    out = [doc, "", "from __future__ import annotations", "", *stdlib]
    for group in (list(head), local):
        out += ["", *group] if group else []
    if "logging" in w.needs:
        out += ["", "logger = logging.getLogger(__name__)"]
    return [*out, "", ""]


def _imports(lines: Iterable[str]) -> list[str]:
    """``import x`` lines first, then one ``from m import a, b`` line per module."""
    plain, names = set(), defaultdict(set)
    for line in lines:
        if line.startswith("from "):
            module, _, name = line[5:].partition(" import ")
            names[module].add(name)
        else:
            plain.add(line)
    grouped = [f"from {m} import {', '.join(sorted(n))}" for m, n in sorted(names.items())]
    return sorted(plain) + grouped
