import requests
from fastapi import FastAPI

app = FastAPI()


@app.post("/posts/create/")
def create_post(post: dict):
    requests.post("http://event-bus-srv:4003/events/", json={"type": "PostCreated", "payload": post})
    return post


@app.post("/events/")
def event_handler(event: dict):
    pass
