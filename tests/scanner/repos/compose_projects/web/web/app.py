import os

import httpx
import sqlalchemy
from fastapi import FastAPI

app = FastAPI()
engine = sqlalchemy.create_engine(os.environ["DATABASE_URL"])


@app.post("/reports")
def report() -> None:
    httpx.post(os.environ["JOBS_URL"] + "/jobs")
