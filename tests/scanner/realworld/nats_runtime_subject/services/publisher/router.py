from uuid import uuid4
from loguru import logger
from fastapi import status
from faststream.nats.fastapi import NatsRouter

from models import Outgoing

router = NatsRouter("nats://nats:4222", logger=logger)


@router.get("/emit")
async def publish():
    id = str(uuid4())
    message = Outgoing(message=id)

    await router.broker.publish(
        message, stream="events", subject=f"events.message.{id}"
    )

    logger.info(f"Emitted new message: {id}")
    return status.HTTP_201_CREATED
