import requests
from fastapi import FastAPI

app = FastAPI()


@app.post("/events/")
def create_event(event: dict):
    requests.post("http://posts-srv:4000/events/", json=event)
