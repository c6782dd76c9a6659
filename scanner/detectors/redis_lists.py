"""Redis lists used as work queues: ``LPUSH``/``RPUSH`` on one side, ``BRPOP``/``RPOP`` on the
other, through a recognised Redis client (redis-py, ``redis.asyncio``, aioredis, clusters and
Sentinel clients, as :mod:`scanner.detectors.redis_clients` recognises them; also their
``pipeline()``, aioredis 1.x ``create_redis_pool`` and django-redis
``get_redis_connection()``).

Most Redis lists are not queues (recent items, capped logs, per-user timelines), so a list is
drawn as a queue node (named by its key, technology ``redis``, type ``list``, the key in edge
detail ``queues``, as Redis channels and streams are named by theirs) only when the
repository itself shows it is one:

- a *blocking* pop (``blpop``, ``brpop``, ``brpoplpush``, ``blmove``) makes the key a queue
  on its own: a process that waits for an element to arrive is a consumer by construction
  (its producer may be a service in another language);
- otherwise the key must be used as a list from *both* sides somewhere in the repository:
  pushed (``lpush``, ``rpush``, ``lpushx``, ``rpushx``: publish) by some code and popped
  (``lpop``, ``rpop``, ``rpoplpush``, ``lmove``: consume) by some code.

Both sides are rarely in one file, so the detector reports every push and pop with a key it
can name (blocking pops as destination kind ``queue``, the rest as ``list``) and
:mod:`scanner.list_queues` applies the rule once the whole repository is assembled, keeping
or dropping each key (a dropped one is an info diagnostic, never silent). For
``brpoplpush``/``blmove``/``rpoplpush``/``lmove`` only the source list counts: the destination
is the consumer's own processing list (the "reliable queue" pattern), not a second queue.

Deliberately ignores: pushes and non-blocking pops whose key is built from run-time values
(``f"timeline:{user_id}"``: per-entity lists, not queues between services; a blocking pop on
such a key is still reported, so the unresolved key becomes a diagnostic), list reads and
trims (``lrange``, ``ltrim``, ``llen``, ``lindex``), ``blmpop``/``lmpop``, and list methods on
anything not known to be a Redis client (a Python ``list.pop`` is no queue).
"""

from __future__ import annotations

import libcst as cst

from scanner.bindings import Expr
from scanner.detectors.base import Detector, arg, method_of
from scanner.detectors.redis_clients import CLIENTS, SENTINEL_CLIENTS, SENTINELS
from scanner.findings import Messaging, Role
from scanner.index import ModuleIndex
from scanner.modules import ModuleContext
from scanner.symbolic import value_of
from scanner.values import Unknown, Value

PUSHES = frozenset({"lpush", "rpush", "lpushx", "rpushx"})
POPS = frozenset({"lpop", "rpop", "rpoplpush", "lmove"})
BLOCKING = frozenset({"blpop", "brpop", "brpoplpush", "blmove"})
MULTI_KEY = frozenset({"blpop", "brpop"})  # ``keys``: one key or a list of keys
LIST_METHODS = PUSHES | POPS | BLOCKING
_WRAPPERS = frozenset({"pipeline"}) | SENTINEL_CLIENTS
# clients redis_clients does not report as connections but that are Redis clients all the same
OTHER_CLIENTS = frozenset(
    {
        "aioredis.create_redis_pool",
        "aioredis.create_redis",
        "aioredis.commands.create_redis_pool",
        "django_redis.get_redis_connection",
    }
)


class RedisLists(Detector):
    name = "redis_lists"
    modules = frozenset({"redis", "aioredis", "rediscluster", "django_redis"})

    @classmethod
    def markers(cls) -> frozenset[str]:
        return cls.modules | LIST_METHODS

    @classmethod
    def wants(cls, index: ModuleIndex) -> bool:
        """Also files that use a client built in another module (``from app.cache import r``)."""
        return bool(cls.modules & index.imported_roots or index.calls.keys() & LIST_METHODS)

    def visit_Call(self, node: cst.Call) -> None:
        found = method_of(node)
        if found is None or found[1] not in LIST_METHODS:
            return
        receiver, method = found
        if not self._is_client(self.ctx, receiver, 0):
            return
        if method in MULTI_KEY:
            for key in self._keys(arg(node, 0, "keys")):
                self._emit(node, "consume", key, "queue")
            return
        given = arg(node, 0, "name", "src", "first_list")
        if given is None:
            return
        key = self.value(given)
        if method in BLOCKING:
            self._emit(node, "consume", key, "queue")
        elif not any(isinstance(p, Unknown) for p in key.parts):
            self._emit(node, "publish" if method in PUSHES else "consume", key, "list")

    def _is_client(self, ctx: ModuleContext, receiver: cst.BaseExpression, depth: int) -> bool:
        """Whether ``receiver`` is a Redis client, its pipeline or a Sentinel's client."""
        found = self.ev.origin(ctx, receiver)
        if found is None:
            return bool(self.ev.type_names(ctx, receiver) & (CLIENTS | OTHER_CLIENTS))
        made_ctx, call = found
        names = made_ctx.qualified_names(call.func)
        if names & (CLIENTS | OTHER_CLIENTS):
            return True
        inner = method_of(call)
        if inner is None or inner[1] not in _WRAPPERS or depth > 2:
            return False
        if inner[1] in SENTINEL_CLIENTS:
            sentinel = self.ev.origin(made_ctx, inner[0])
            return sentinel is not None and bool(
                sentinel[0].qualified_names(sentinel[1].func) & SENTINELS
            )
        return self._is_client(made_ctx, inner[0], depth + 1)

    def _keys(self, keys: cst.BaseExpression | None) -> list[Value]:
        """The keys of ``blpop(keys)``: one key, or each of a literal list (through a name)."""
        if keys is None:
            return []
        bound = self.ev.resolve(self.ctx, keys)
        if isinstance(bound, Expr) and isinstance(bound.node, cst.List | cst.Tuple):
            return [value_of(self.ev, bound.ctx, e.value) for e in bound.node.elements]
        return [self.value(keys)]

    def _emit(self, node: cst.Call, role: Role, key: Value, kind: str) -> None:
        found = Messaging(self.ctx.path, self.line(node), "redis", role, key, kind, library="redis")
        self.findings.append(found)
