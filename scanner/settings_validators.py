"""pydantic settings fields that a validator builds from the other fields.

The widely copied shape (the FastAPI full-stack templates, pydantic v1 and v2)::

    @validator("SQLALCHEMY_DATABASE_URI", pre=True)
    def assemble_db_connection(cls, v, values):
        if isinstance(v, str):
            return v
        return PostgresDsn.build(scheme="postgresql", host=values.get("POSTGRES_SERVER"), ...)

The field is what the validator returns: its value parameter (``v``) is the field as the
environment gives it, and ``values.get("K")`` / ``values["K"]`` (``info.data`` with
``@field_validator``) read the settings field ``K``. Several returns are a choice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from scanner.bindings import FuncRef, Param

if TYPE_CHECKING:
    from scanner.bindings import Expr
    from scanner.evaluate import Evaluator
    from scanner.index import ClassInfo, FunctionInfo
    from scanner.modules import ModuleContext

VALIDATORS = frozenset({"validator", "field_validator"})


def field_validator(
    ev: Evaluator, ctx: ModuleContext, info: ClassInfo, attr: str
) -> tuple[list[Expr], str | None] | None:
    """The return values of the validator of field ``attr`` the class defines, with the
    name of its value parameter; None when it has none."""
    for item in info.node.body.body:
        if isinstance(item, cst.FunctionDef) and attr in _validated(item):
            function = ctx.index.function_of.get(item)
            if function is None:
                return None
            values = ev.returns(FuncRef(ctx, function))
            return values, _value_parameter(item)
    return None


def validated_field(
    ev: Evaluator, ctx: ModuleContext, node: cst.BaseExpression
) -> tuple[ModuleContext, ClassInfo, cst.BaseExpression] | None:
    """For ``values.get("K")`` / ``values["K"]`` / ``info.data...`` read in a validator of
    a settings class: (module, class, the key expression); None for anything else."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        positional = [a.value for a in node.args if a.keyword is None and not a.star]
        if node.func.attr.value != "get" or not positional:
            return None
        receiver, key = node.func.value, positional[0]
    elif isinstance(node, cst.Subscript) and len(node.slice) == 1:
        index = node.slice[0].slice
        if not isinstance(index, cst.Index):
            return None
        receiver, key = node.value, index.value
    else:
        return None
    if isinstance(receiver, cst.Attribute) and receiver.attr.value == "data":
        receiver = receiver.value  # pydantic v2's ``info.data``
    if not isinstance(receiver, cst.Name) or receiver.value not in ("values", "info"):
        return None
    bound = ev.lookup(ctx, receiver.value, receiver)
    if not isinstance(bound, Param) or not _in_validator(bound.info):
        return None
    owner = bound.info.owner
    if owner is None or not ev.is_settings(bound.ctx, owner):
        return None
    return bound.ctx, owner, key


def _in_validator(function: FunctionInfo) -> bool:
    return bool(_validated(function.node))


def _validated(node: cst.FunctionDef) -> set[str]:
    """The fields a ``@validator("A", "B")`` / ``@field_validator("A")`` decorator names."""
    found: set[str] = set()
    for decorator in node.decorators:
        call = decorator.decorator
        if not isinstance(call, cst.Call):
            continue
        func = call.func
        name = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", "")
        if name in VALIDATORS:
            for a in call.args:
                if a.keyword is None and isinstance(a.value, cst.SimpleString):
                    text = a.value.evaluated_value
                    if isinstance(text, str):
                        found.add(text)
    return found


def _value_parameter(node: cst.FunctionDef) -> str | None:
    """The validator's value parameter: the first after ``cls`` (or ``self``)."""
    params = node.params.params
    return params[1].name.value if len(params) > 1 else None
