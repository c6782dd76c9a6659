"""Jobs kept in Redis: the API queues them, the worker runs them."""

import os
import uuid

import redis

_host = os.environ.get("REDIS_HOST", "localhost")
jobs_db = redis.Redis(host=_host, port=6379, db=1)
queue_db = redis.Redis(host=_host, port=6379, db=2)


def add_job(kind: str) -> str:
    jid = str(uuid.uuid4())
    jobs_db.hset(jid, mapping={"kind": kind, "status": "queued"})
    queue_db.rpush("job_queue", jid)
    return jid


def next_job() -> str:
    _, jid = queue_db.blpop("job_queue")
    return jid.decode()
