"""Settings keys of Flask-style configuration, grouped into the connections they describe.

Flask extensions never show their server at a call: ``MySQL(app)`` or ``MongoEngine(app)``
reads it from ``app.config``. A detector built on :class:`ConfigKeys` names the keys it
cares about and receives them grouped: the keys of one config class, of the module (a
config module loaded with ``from_object``/``from_pyfile``), or of the ``*.config`` writes
in one file (``app.config["K"] = ...``, ``app.config.update(K=...)`` / ``from_mapping``
with keywords or a dict). Keys assigned inside functions (run-time reconfiguration) and in
test configuration classes (``TestingConfig``, ``TestConfig``) are not read.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from scanner.detectors.base import Detector, arg, method_of
from scanner.evaluate import Evaluator
from scanner.flask_config import is_config, is_test_class
from scanner.index import ModuleIndex
from scanner.modules import ModuleContext

CONFIG_METHODS = frozenset({"update", "from_mapping"})
Group = dict[str, tuple[cst.CSTNode, cst.BaseExpression]]  # key -> (statement, value)


class ConfigKeys(Detector):
    """Collects :attr:`keys` per group; :meth:`emit` turns each group into findings."""

    keys: ClassVar[frozenset[str]] = frozenset()
    anchors: ClassVar[frozenset[str]] = frozenset()  # keys without which a group is nothing

    @classmethod
    def markers(cls) -> frozenset[str]:
        return cls.modules | cls.anchors

    @classmethod
    def wants(cls, index: ModuleIndex) -> bool:
        in_classes = any(k in c.body for c in index.classes.values() for k in cls.anchors)
        in_module = any(k in index.assigns for k in cls.anchors)
        return bool(cls.modules & index.imported_roots) or in_classes or in_module

    def __init__(self, ctx: ModuleContext, evaluator: Evaluator) -> None:
        super().__init__(ctx, evaluator)
        self._groups: dict[object, Group] = {}
        self._classes: list[cst.ClassDef] = []
        self._functions = 0

    def emit(self, group: Group) -> None:
        """Findings of one group of keys."""
        raise NotImplementedError

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._classes.append(node)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._classes.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._functions += 1

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._functions -= 1

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            key, scope = self._target(target.target)
            if key in self.keys and scope is not None:
                self._groups.setdefault(scope, {})[key] = (node, node.value)

    def _target(self, target: cst.BaseAssignTargetExpression) -> tuple[str | None, object]:
        """The config key an assignment sets and the group it belongs to."""
        if isinstance(target, cst.Name) and self._functions == 0:
            if not self._classes:
                return target.value, "module"
            scope = self._classes[-1]
            return (None, None) if is_test_class(scope.name.value) else (target.value, scope)
        if isinstance(target, cst.Subscript) and is_config(target.value):
            index = target.slice[0].slice if len(target.slice) == 1 else None
            if isinstance(index, cst.Index):
                return self.value(index.value).text, "config"
        return None, None

    def visit_Call(self, node: cst.Call) -> None:
        found = method_of(node)
        if found is None or found[1] not in CONFIG_METHODS or not is_config(found[0]):
            return
        group = self._groups.setdefault("config", {})  # one app per module, as a rule
        for a in node.args:
            if a.keyword is not None and a.keyword.value in self.keys:
                group[a.keyword.value] = (node, a.value)
        mapping = arg(node, 0)
        if isinstance(mapping, cst.Dict):
            for element in mapping.elements:
                if isinstance(element, cst.DictElement):
                    key = self.value(element.key).text
                    if key in self.keys:
                        group[key] = (element, element.value)

    def leave_Module(self, original_node: cst.Module) -> None:
        for group in self._groups.values():
            if group.keys() & self.anchors:
                self.emit(group)
