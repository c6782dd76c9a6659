"""Which Celery queue a task goes to when its call and its definition name none.

Celery's ``MapRoute`` tries the exact task name first, then each glob pattern in order
(``*`` matches one or more characters, and the pattern is matched at the start of the name,
as ``re.match`` does); with no route the task goes to ``task_default_queue`` (``celery``).
A ``queue=`` given to ``apply_async``/``send_task`` or to the task decorator wins over both,
so those never reach here.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence

from scanner.findings import CeleryRouting

_QUOTE = string.punctuation.replace("*", "")


def routed_queue(task: str, routings: Sequence[CeleryRouting]) -> str:
    """The queue ``task`` is sent to (and consumed from) under the service's routing."""
    routes = [route for routing in routings for route in routing.routes]
    exact = {pattern: queue for pattern, queue in reversed(routes) if "*" not in pattern}
    if task in exact:
        return exact[task]
    for pattern, queue in routes:
        if "*" in pattern and re.match(_glob_to_re(pattern), task):
            return queue
    defaults = [r.default_queue for r in routings if r.default_queue]
    return defaults[-1] if defaults else "celery"


def _glob_to_re(glob: str) -> str:
    """Celery's ``celery.app.routes.glob_to_re``: punctuation escaped, ``*`` -> ``.+?``."""
    return "".join("\\" + c if c in _QUOTE else c for c in glob).replace("*", ".+?")
