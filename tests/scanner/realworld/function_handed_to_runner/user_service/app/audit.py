# Not in the origin repository: the other runners the audit verified by hand (min/k1).
import asyncio
import os
import threading
from concurrent.futures import ThreadPoolExecutor

from kafka import KafkaProducer

audit_producer = KafkaProducer(bootstrap_servers=os.getenv("KAFKA_BOOTSTRAP_SERVERS"))
pool = ThreadPoolExecutor(max_workers=2)


def send(topic, data=b"{}"):
    audit_producer.send(topic, data)


def submit(fn, label):
    # the repository's own ``submit``: not concurrent.futures, its arguments are not send's
    fn("audit_" + label.upper())


def audit_in_thread():
    threading.Thread(target=send, args=("user_audit", b"{}")).start()


def audit_with_kwargs():
    threading.Thread(target=send, kwargs={"topic": "user_audit_kw"}, daemon=True).start()


async def export_users():
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, send, "user_export")


def record_metrics():
    pool.submit(send, "user_metrics")


async def replay(args):
    # the arguments are only known at run time: no topic, and no guess
    await asyncio.to_thread(send, *args)


def own_submit():
    submit(send, "ignored")
