import asyncio
import contextlib

from shared.config import (
    GROUP_INVENTORY,
    KAFKA_BOOTSTRAP_SERVERS,
    TOPIC_INV_COMMANDS
)


from fastapi import FastAPI
from aiokafka import AIOKafkaConsumer # type: ignore


app = FastAPI(title="inventory-service")
consumer: AIOKafkaConsumer | None = None # type: ignore

@app.on_event("startup")
async def on_startup() -> None:
    global consumer
    consumer = AIOKafkaConsumer(
        TOPIC_INV_COMMANDS,
        bootstrap_servers=KAFKA_BOOTSTRAP_SERVERS,
        group_id=GROUP_INVENTORY,
        enable_auto_commit=True,
        auto_offset_reset="earliest"
    )
    await consumer.start()

@app.get("/health")
async def health():
    return {"service": "inventory-service", "status": "ok"}
