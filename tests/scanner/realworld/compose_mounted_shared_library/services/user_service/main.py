from fastapi import FastAPI

from rabbit.base_aio import ServicePublisher
from rabbit.events import publish_user_event
from user_rabbit import user_config

app = FastAPI()
publisher = ServicePublisher(config=user_config)


@app.post("/register")
async def register(user: dict):
    await publish_user_event({"event_type": "user.created", "user_data": user})
    await publisher.publish_message({"event_type": "user.created", "user_data": user})
    return user
