import asyncio
from contextlib import asynccontextmanager

from fastapi import FastAPI

from auht_rabbit import auth_config
from rabbit.base_aio import ServicePublisher
from rabbit.events import consume_user_events

reply_publisher = ServicePublisher(config=auth_config)


async def process_user_event(message_data):
    await reply_publisher.publish_message({"status": "ok", "user": message_data})


@asynccontextmanager
async def lifespan(app: FastAPI):
    task = asyncio.create_task(consume_user_events(process_user_event))
    yield
    task.cancel()


app = FastAPI(lifespan=lifespan)


@app.get("/health")
async def health():
    return {"ok": True}
