"""The object a parameter holds when code reads ``settings.redis_url`` from it.

The most common FastAPI idiom hands the settings object to the code that builds clients as
a parameter: ``settings: Settings = Depends(get_settings)``, ``Annotated[Settings,
Depends(get_settings)]``, a DI container's provider method (dishka ``@provide def
redis(self, settings: Settings)``), or a plain caller. What the parameter holds is, in
order: what its ``Depends`` provider returns; an instance of the class its annotation names,
when that class is pydantic settings (every instance reads the same environment) or a
plain configuration class (named ``...Settings``/``...Config``, undecorated, deriving only
from repository classes, and subclassed nowhere in its source root, so the annotation
cannot stand for a subclass with other values); and, on the value path only (it searches
the source root for callers), the instance every caller passes. Anything else stays a
parameter, which the evaluator reports as unknown.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import libcst as cst

from scanner.arguments import argument_of, unwound
from scanner.bindings import ClassRef, Instance, Param

if TYPE_CHECKING:
    from scanner.evaluate import Evaluator
    from scanner.modules import ModuleContext

_CONFIG_NAME = re.compile(r"(settings|config|configuration|conf|cfg)$", re.IGNORECASE)
_UNION = frozenset({"typing.Optional", "typing.Union"})
_ANNOTATED = frozenset({"typing.Annotated", "typing_extensions.Annotated"})


def param_object(ev: Evaluator, param: Param, depth: int) -> Instance | ClassRef | None:
    """What ``param`` holds, from its ``Depends`` provider or its annotation (cheap: no
    search beyond the modules the annotation names, except the subclass check of a plain
    configuration class)."""
    injected = ev.injected(param)
    if isinstance(injected, Instance | ClassRef):
        return injected
    annotation = param.node.annotation
    klass = _annotated_class(ev, param.ctx, annotation.annotation, depth) if annotation else None
    if klass is None:
        return None
    if ev.is_settings(klass.ctx, klass.info) or _plain_config(ev, klass):
        return Instance(klass.ctx, klass.info)
    return None


def passed_object(ev: Evaluator, param: Param, depth: int) -> Instance | ClassRef | None:
    """The instance (or class) this call passes for ``param``, else the one every caller
    passes: all of them of the same class."""
    given = argument_of(ev.frames, param)
    if given is not None:
        with unwound(ev.frames, given[0]):
            found = ev.resolve(given[1].ctx, given[1].node, depth + 1)
        return found if isinstance(found, Instance | ClassRef) else None
    objects = [ev.resolve(s.ctx, s.node, depth + 1) for s in ev.call_site_args(param)]
    if not objects or not all(isinstance(o, Instance | ClassRef) for o in objects):
        return None
    first = objects[0]
    assert isinstance(first, Instance | ClassRef)
    same = all(
        type(o) is type(first) and isinstance(o, Instance | ClassRef) and o.info is first.info
        for o in objects
    )
    return first if same else None


def _annotated_class(
    ev: Evaluator, ctx: ModuleContext, ann: cst.BaseExpression, depth: int
) -> ClassRef | None:
    """The one repository class an annotation names: ``Settings``, ``"Settings"``,
    ``Annotated[Settings, ...]``, ``Settings | None``, ``Optional[Settings]``, an alias."""
    if depth > 4:
        return None
    for actx, target in ev.unalias(ctx, ann):
        if target is not ann:
            return _annotated_class(ev, actx, target, depth + 1)
    if isinstance(ann, cst.SimpleString):  # a forward reference
        text = ann.evaluated_value
        try:
            ann = cst.parse_expression(text) if isinstance(text, str) else ann
        except cst.ParserSyntaxError:
            return None
        if not isinstance(ann, cst.Name | cst.Attribute):
            return None
    options: list[cst.BaseExpression] = [ann]
    if isinstance(ann, cst.BinaryOperation) and isinstance(ann.operator, cst.BitOr):
        options = [ann.left, ann.right]
    elif isinstance(ann, cst.Subscript):
        head = ctx.qualified_names(ann.value)
        items = [e.slice.value for e in ann.slice if isinstance(e.slice, cst.Index)]
        if head & _ANNOTATED and items:
            return _annotated_class(ev, ctx, items[0], depth + 1)
        if not head & _UNION:
            return None
        options = items
    kept = [o for o in options if not (isinstance(o, cst.Name) and o.value == "None")]
    if len(kept) != 1:
        return None
    if kept[0] is not ann:
        return _annotated_class(ev, ctx, kept[0], depth + 1)
    if not isinstance(ann, cst.Name | cst.Attribute):
        return None
    found = ev.resolve(ctx, ann, depth + 1)
    return found if isinstance(found, ClassRef) else None


def _plain_config(ev: Evaluator, klass: ClassRef) -> bool:
    """A configuration class whose attributes hold for every instance of the annotation."""
    if not _CONFIG_NAME.search(klass.info.node.name.value):
        return False
    for info, kctx in ev.mro(klass.ctx, klass.info):
        if info.node.decorators:  # a dataclass: each instance is given its own values
            return False
        for base in info.bases:
            plain = isinstance(base, cst.Name) and base.value == "object"
            if not plain and not isinstance(ev.resolve(kctx, base), ClassRef):
                return False  # a library base (pydantic ``BaseModel``): values per instance
    name = re.escape(klass.info.node.name.value)
    pattern = rf"class\s+\w+\s*\([^)]*\b{name}\b"
    return not ev.loader.related(klass.ctx.path, pattern)
