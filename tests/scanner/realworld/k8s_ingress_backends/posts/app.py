from fastapi import FastAPI

app = FastAPI()


@app.post("/posts/create/")
def create_post(post: dict):
    return post
