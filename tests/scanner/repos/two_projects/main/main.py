"""The main backend: calls the admin backend through the port it publishes on the host."""

import requests
from fastapi import FastAPI
from sqlalchemy import create_engine

app = FastAPI()
engine = create_engine("mysql+pymysql://root:root@db:3306/main")


@app.get("/products")
def products() -> object:
    return requests.get("http://docker.for.mac.localhost:8000/api/user", timeout=5).json()
