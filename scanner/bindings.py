"""What the evaluator finds a name bound to: an expression in a module, a module, a class,
an instance of a class (with the call that built it, when known), a function, or a function
parameter. Shared by the evaluator and the detectors that follow receivers."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from scanner.index import ClassInfo, FunctionInfo
from scanner.modules import ModuleContext


@dataclass(frozen=True)
class Expr:
    ctx: ModuleContext
    node: cst.BaseExpression


@dataclass(frozen=True)
class ModuleRef:
    ctx: ModuleContext


@dataclass(frozen=True)
class ClassRef:
    ctx: ModuleContext
    info: ClassInfo


@dataclass(frozen=True)
class Instance:
    ctx: ModuleContext
    info: ClassInfo
    site: Expr | None = None  # the constructor call, when known


@dataclass(frozen=True)
class FuncRef:
    ctx: ModuleContext
    info: FunctionInfo


@dataclass(frozen=True)
class Param:
    ctx: ModuleContext
    info: FunctionInfo
    node: cst.Param


Binding = Expr | ModuleRef | ClassRef | Instance | FuncRef | Param
