import os

import redis
from fastapi import FastAPI

app = FastAPI()
cache = redis.Redis.from_url(os.environ["CACHE_URL"])


@app.post("/jobs")
def enqueue() -> None:
    cache.incr("jobs")
