from faststream.nats.fastapi import NatsRouter

router = NatsRouter("nats://nats:4222")


@router.subscriber(stream="events", subject="events.*.*", durable="events-consumer")
async def handler(msg):
    return msg
