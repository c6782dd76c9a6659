from fastapi import FastAPI

from db import engine

app = FastAPI()


@app.get("/ping")
async def ping():
    async with engine.connect():
        return "pong"
