"""Celery result backends: where task results are written by workers and read back.

Recognises the backend URL given as ``Celery(..., backend=url)``, assigned to
``app.conf.result_backend`` (or ``CELERY_RESULT_BACKEND``), passed to
``app.conf.update(result_backend=url)``, or set in a settings module: ``result_backend``
(a celeryconfig module) and ``CELERY_RESULT_BACKEND`` (Django, ``namespace="CELERY"``). Each
is a use of the backend's server, cited where the URL is given: a db use for a database
(SQLAlchemy's ``db+postgresql://``, MongoDB, ...), else a cache use (Redis, or a variable,
which nearly always names the broker's Redis). The services running
the app (workers writing, web apps calling ``AsyncResult``) get it as they get the broker
connection. Deliberately ignores: ``rpc://`` and ``amqp://`` backends (results ride the
broker), ``django-db``/``django-cache`` (Django's own database and cache, drawn from its
settings), backends assigned inside functions and test settings classes.
"""

from __future__ import annotations

import libcst as cst

from scanner.detectors.base import Detector, arg, method_of
from scanner.detectors.celery_tasks import APPS, is_conf
from scanner.evaluate import Evaluator
from scanner.findings import DatastoreUse
from scanner.flask_config import is_test_class
from scanner.index import ModuleIndex
from scanner.modules import ModuleContext

SETTINGS = frozenset({"result_backend", "CELERY_RESULT_BACKEND", "CELERY_BACKEND"})
_DATABASES = ("db+", "mongodb", "postgres", "mysql", "couchdb", "cassandra", "elasticsearch")
_BROKER_SCHEMES = ("rpc://", "amqp://", "amqps://", "pyamqp://", "django-")


class CeleryBackends(Detector):
    name = "celery-backend"
    modules = frozenset({"celery"})

    @classmethod
    def markers(cls) -> frozenset[str]:
        return frozenset({"backend", "CELERY_RESULT_BACKEND", "result_backend"})

    @classmethod
    def wants(cls, index: ModuleIndex) -> bool:
        """Also settings modules that import nothing of Celery (Django's settings.py)."""
        return "celery" in index.imported_roots or bool(index.assigns.keys() & SETTINGS)

    def __init__(self, ctx: ModuleContext, evaluator: Evaluator) -> None:
        super().__init__(ctx, evaluator)
        self._functions = 0
        self._tests = 0  # test settings classes entered

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._functions += 1

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._functions -= 1

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._tests += is_test_class(node.name.value)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._tests -= is_test_class(original_node.name.value)

    def visit_Call(self, node: cst.Call) -> None:
        if self.names(node.func) & APPS:
            backend = arg(node, None, "backend")
            if backend is not None:
                self._backend(node, backend)
            return
        found = method_of(node)
        if found is not None and found[1] == "update" and is_conf(found[0]):
            for a in node.args:
                if a.keyword is not None and a.keyword.value in SETTINGS:
                    self._backend(node, a.value)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            named = target.target
            conf = isinstance(named, cst.Attribute) and is_conf(named.value)
            name = named.attr.value if isinstance(named, cst.Attribute) else None
            if isinstance(named, cst.Name) and self._functions == 0 and not self._tests:
                name = named.value
            elif not conf:
                continue
            if name in SETTINGS:
                self._backend(node, node.value)

    def _backend(self, node: cst.CSTNode, url: cst.BaseExpression) -> None:
        value = self.value(url)
        shown = value.render()
        if shown.startswith(_BROKER_SCHEMES) or (value.text is not None and "://" not in shown):
            return
        where = (self.ctx.path, self.line(node))
        if shown.startswith(_DATABASES):
            found = DatastoreUse(*where, "celery", "", value)
        else:  # Redis, or a variable that usually names the broker's Redis
            found = DatastoreUse(*where, "celery", "", value, usage="cache")
        self.findings.append(found)
