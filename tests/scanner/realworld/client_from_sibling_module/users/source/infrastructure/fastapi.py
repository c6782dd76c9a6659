from fastapi import FastAPI

from source.infrastructure.kafka import producer

app = FastAPI()


@app.on_event('startup')
async def startup():
    await producer.start()
