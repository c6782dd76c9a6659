"""Which Celery queue a task goes to when its call and its definition name none.

Celery's router tries each entry of ``task_routes`` in order and takes the first answer. A
dict entry (``MapRoute``) tries the exact task name first, then each glob or regex key in
order (``*`` matches one or more characters; globs and ``re.compile`` keys match at the start
of the name, as ``re.match`` does); a router function answers with a queue or ``None`` (ask
the next entry). With no answer the task goes to ``task_default_queue`` (``celery``). A
``queue=`` given to ``apply_async``/``send_task`` or to the task decorator wins over all of
these, so those never reach here.

:class:`~scanner.findings.CeleryRouting` keeps routes as ``(pattern, queue)`` strings; the
pattern says what kind of rule it is:

- ``"billing.charge"``: an exact key; ``"billing.*"``: a glob key;
- ``"re:<regex>"``: a regex key, or a condition of a router function on the task name
  (router rules are all regexes, tried in order, so an exact ``==`` never jumps the queue);
- ``""`` with queue ``""``: the boundary between two entries of ``task_routes``;
- ``"re:<regex>"`` with queue ``""``: a router function returns ``None`` for these names;
- ``"?<path>:<line>"``: a router function the scanner could not evaluate there, the queue
  field holding the reason, reported by :func:`router_diagnostics`; it is followed by a
  ``"re:<regex>"`` rule with queue ``"?"`` for the names whose route it leaves unknown.
  :func:`task_queue` says None for those; :func:`routed_queue` reads past them (as if the
  router answered ``None``);
- ``"queue=<name>"`` with ``"exchange=<e> routing_key=<k> type=<t>"``: a ``task_queues``
  definition, not a route. A route answering ``"exchange=<e> routing_key=<k>"`` (no queue of
  its own) goes to the defined queue bound to that exchange with a matching key.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import replace

from catalog_api.model import Diagnostic, Severity
from scanner.findings import CeleryRouting, CeleryTask, Finding, Messaging
from scanner.values import EnvRef, Value

REGEX = "re:"
ENV = "$env:"
UNEVALUATED = "?"
DEFINED = "queue="
UNDECIDED = "?"
BOUNDARY = ("", "")
_BINDING = re.compile(
    r"exchange=(?P<exchange>\S*) routing_key=(?P<key>\S*)(?: type=(?P<type>\w+))?"
)
_QUOTE = string.punctuation.replace("*", "")


def routed_queue(task: str, routings: Sequence[CeleryRouting]) -> str:
    """The queue ``task`` is sent to (and consumed from) under the service's routing, reading
    past routers the scanner could not evaluate."""
    return _queue(task, routings, strict=False) or "celery"


def env_text(value: Value) -> str | None:
    """A task name, route or queue as routing keeps it: its text, or for one read from the
    environment (``os.environ.get("MAIN_QUEUE", "jobs")``) ``$env:NAME[:default]``, which
    :func:`celery_routed` reads with the service's environment."""
    if value.text is not None:
        return value.text
    if len(value.parts) != 1 or not isinstance(value.parts[0], EnvRef):
        return None
    ref = value.parts[0]
    default = ref.default.text if ref.default is not None else None
    if ref.default is not None and default is None:
        return None
    return f"{ENV}{ref.name}" + (f":{default}" if default is not None else "")


def _from_env(text: str, env: Mapping[str, str]) -> str | None:
    if not text.startswith(ENV):
        return text
    name, sep, default = text[len(ENV) :].partition(":")
    return env.get(name, default if sep else None)


def _routing_in(routing: CeleryRouting, env: Mapping[str, str]) -> CeleryRouting:
    """``routing`` with the names and queues it reads from the environment filled in (a
    route whose name or queue is not set is dropped, as Celery would never match it)."""
    routes = []
    for pattern, queue in routing.routes:
        named, target = _from_env(pattern, env), _from_env(queue, env)
        if named is not None and target is not None:
            routes.append((named, target))
    default = _from_env(routing.default_queue, env) if routing.default_queue else None
    return replace(routing, routes=tuple(routes), default_queue=default)


def _reads_env(routing: CeleryRouting) -> bool:
    texts = [routing.default_queue or "", *(p + q for p, q in routing.routes)]
    return any(ENV in t for t in texts)


def celery_routed(
    finding: Finding, routings: Sequence[CeleryRouting], env: Mapping[str, str] | None = None
) -> Finding:
    """A Celery task or publish as the service sends it: one naming no queue, on the queue
    the service's routing gives (names and routes the environment gives read in ``env``);
    a task whose ``queue=`` only the environment gives, on the queue ``env`` names, else as
    a consume from that queue (resolved per service like any destination). A queue that
    stays unknown is an ``unresolved-queue`` diagnostic, never the default queue."""
    env = env or {}
    if any(_reads_env(r) for r in routings):
        routings = [_routing_in(r, env) for r in routings]
    if isinstance(finding, Messaging) and finding.routed_task is not None:
        task = _from_env(finding.routed_task, env)
        if task is None:
            unknown = Value.unknown(f"the routing of task {finding.routed_task}")
            return replace(finding, destination=unknown, routed_task=None, tasks=())
        queue = Value.of(routed_queue(task, routings))
        return replace(finding, destination=queue, routed_task=None, tasks=(task,))
    if isinstance(finding, CeleryTask) and finding.queue_value is not None:
        value = finding.queue_value
        known = value.resolve(env).text
        if known is not None:  # consumed where the worker listens, like a literal queue=
            return replace(finding, queue=known, routed=False, queue_value=None)
        tasks = (finding.task,) if finding.task else ()
        return Messaging(
            finding.path,
            finding.line,
            "celery",
            "consume",
            value,
            "celery",
            tasks=tasks,
            library="celery",
        )
    if isinstance(finding, CeleryTask) and finding.routed:
        return replace(finding, queue=routed_queue(finding.task, routings))
    return finding


def default_queue(routings: Sequence[CeleryRouting], env: Mapping[str, str]) -> str:
    """``task_default_queue`` (the last one set, read in ``env``), else ``celery``."""
    resolved = [_routing_in(r, env) if _reads_env(r) else r for r in routings]
    defaults = [r.default_queue for r in resolved if r.default_queue]
    return defaults[-1] if defaults else "celery"


def defined_queues(routings: Sequence[CeleryRouting], env: Mapping[str, str]) -> tuple[str, ...]:
    """The queues ``task_queues`` declares (read in ``env``): a worker started without
    ``-Q`` consumes these instead of the default queue."""
    resolved = [_routing_in(r, env) if _reads_env(r) else r for r in routings]
    found = [p[len(DEFINED) :] for r in resolved for p, _ in r.routes if p.startswith(DEFINED)]
    return tuple(dict.fromkeys(found))


def unresolved_code(finding: Messaging) -> str:
    """The diagnostic code of a destination the scanner cannot name: a Celery queue's is
    ``unresolved-queue``."""
    return "unresolved-queue" if finding.technology == "celery" else "unresolved-destination"


def task_queue(task: str, routings: Sequence[CeleryRouting]) -> str | None:
    """Like :func:`routed_queue`, but None when a router the scanner could not evaluate may
    decide the queue of ``task``."""
    return _queue(task, routings, strict=True)


def _queue(task: str, routings: Sequence[CeleryRouting], strict: bool) -> str | None:
    for routing in routings:
        for group in _groups(routing.routes):
            found = _route(task, group, strict)
            if found == UNDECIDED:
                return None
            if found is not None and found.startswith("exchange="):
                found = _bound_queue(found, routings)
            if found is not None:
                return found
    defaults = [r.default_queue for r in routings if r.default_queue]
    return defaults[-1] if defaults else "celery"


def router_diagnostics(routings: Sequence[CeleryRouting]) -> list[Diagnostic]:
    """One warning per router function (or part of one) the scanner could not evaluate."""
    found = []
    for routing in routings:
        for pattern, reason in routing.routes:
            if pattern.startswith(UNEVALUATED):
                path, _, line = pattern[len(UNEVALUATED) :].rpartition(":")
                message = (
                    f"Celery router could not be evaluated: {reason}; tasks it might route are "
                    "shown on the queue the other routes or the default queue give them"
                )
                found.append(
                    Diagnostic(path, int(line), Severity.WARNING, "celery-router", message)
                )
            elif reason.startswith("exchange=") and _bound_queue(reason, routings) is None:
                message = f"Celery route to {reason} matches no queue defined in task_queues"
                found.append(
                    Diagnostic(
                        routing.path, routing.line, Severity.WARNING, "celery-router", message
                    )
                )
    return found


def unevaluated(path: str, line: int, reason: str) -> tuple[str, str]:
    """The route entry standing for a router the scanner could not evaluate at path:line."""
    return (f"{UNEVALUATED}{path}:{line}", reason)


def definition(queue: str, exchange: str, routing_key: str, kind: str) -> tuple[str, str]:
    """The entry recording a ``task_queues`` queue and its binding."""
    return (f"{DEFINED}{queue}", f"exchange={exchange} routing_key={routing_key} type={kind}")


def via_exchange(exchange: str, routing_key: str) -> str:
    """What a route that names an exchange and routing key but no queue answers."""
    return f"exchange={exchange} routing_key={routing_key}"


def _bound_queue(route: str, routings: Sequence[CeleryRouting]) -> str | None:
    """The first ``task_queues`` queue bound to the route's exchange with a matching key."""
    wanted = _BINDING.match(route)
    if wanted is None:
        return None
    for routing in routings:
        for pattern, binding in routing.routes:
            bound = _BINDING.match(binding) if pattern.startswith(DEFINED) else None
            if bound is None or bound["exchange"] != wanted["exchange"]:
                continue
            if _key_matches(bound["type"] or "direct", bound["key"], wanted["key"]):
                return pattern[len(DEFINED) :]
    return None


def _key_matches(kind: str, binding: str, key: str) -> bool:
    """AMQP routing: fanout takes all, topic ``*`` one word and ``#`` any words, else equal."""
    if kind == "fanout":
        return True
    if kind != "topic":
        return binding == key
    return _words_match(binding.split("."), key.split("."))


def _words_match(pattern: list[str], words: list[str]) -> bool:
    if not pattern:
        return not words
    head, rest = pattern[0], pattern[1:]
    if head == "#":
        return any(_words_match(rest, words[i:]) for i in range(len(words) + 1))
    if not words or (head != "*" and head != words[0]):
        return False
    return _words_match(rest, words[1:])


def _groups(routes: Sequence[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    groups: list[list[tuple[str, str]]] = [[]]
    for route in routes:
        if route == BOUNDARY:
            groups.append([])
        else:
            groups[-1].append(route)
    return groups


def _route(task: str, group: Sequence[tuple[str, str]], strict: bool) -> str | None:
    """One ``task_routes`` entry's answer: a queue, or None to ask the next entry
    (:data:`UNDECIDED` when ``strict`` and the scanner cannot tell)."""
    exact = {p: q for p, q in reversed(group) if not _is_pattern(p)}
    if task in exact:
        return exact[task]
    for pattern, queue in group:
        if pattern.startswith((DEFINED, UNEVALUATED)):
            continue
        if pattern.startswith(REGEX):
            if queue == UNDECIDED and not strict:
                continue
            if _matches(pattern[len(REGEX) :], task):
                return queue or None  # a router returning None: the next entry decides
        elif "*" in pattern and re.match(_glob_to_re(pattern), task):
            return queue
    return None


def _matches(regex: str, task: str) -> bool:
    try:
        return re.match(regex, task) is not None
    except re.error:  # a key Celery itself would have rejected
        return False


def _is_pattern(pattern: str) -> bool:
    return "*" in pattern or pattern.startswith((REGEX, UNEVALUATED, DEFINED))


def _glob_to_re(glob: str) -> str:
    """Celery's ``celery.app.routes.glob_to_re``: punctuation escaped, ``*`` -> ``.+?``."""
    return "".join("\\" + c if c in _QUOTE else c for c in glob).replace("*", ".+?")
