"""Orders: the only Python service; its Deployment is named orders-api."""

import os

from fastapi import FastAPI
from sqlalchemy import create_engine

app = FastAPI()
engine = create_engine(os.environ["DATABASE_URL"])


@app.get("/orders/{order_id}")
def read(order_id: int) -> dict[str, int]:
    return {"id": order_id}
