import asyncio
import contextlib

from shared.config import (
    KAFKA_BOOTSTRAP_SERVERS,
    TOPIC_ORDERS,
    TOPIC_INV_EVENTS,
    TOPIC_PAY_EVENTS,
    GROUP_ORCHESTRATOR,
)


from fastapi import FastAPI
from aiokafka import AIOKafkaConsumer # type: ignore


app = FastAPI(title="orchestrator")
consumer: AIOKafkaConsumer | None = None # type: ignore


@app.on_event("startup")
async def on_startup() -> None:
    global consumer
    consumer = AIOKafkaConsumer(
        TOPIC_ORDERS,
        TOPIC_INV_EVENTS,
        TOPIC_PAY_EVENTS,
        bootstrap_servers=KAFKA_BOOTSTRAP_SERVERS,
        group_id=GROUP_ORCHESTRATOR,
        enable_auto_commit=True,
        auto_offset_reset="earliest"
    )
    await consumer.start()
