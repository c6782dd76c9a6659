from fastapi import BackgroundTasks, FastAPI

from .kafka_producer import produce_event
from .schemas import UserCreate

app= FastAPI(title="E-commerce API with Kafka Integration")


@app.post("/users", status_code=201)
async def create_user(user: UserCreate, background_task: BackgroundTasks):
    new_user= user.model_dump()
    background_task.add_task(produce_event, "user_created", new_user)
    return new_user


@app.put("/users/{user_id}")
async def update_user(user_id: int, user: UserCreate, background_task: BackgroundTasks):
    background_task.add_task(produce_event, topic="user_updated", event=user.model_dump())
    return user
