from fastapi import FastAPI

app = FastAPI()


@app.post("/token")
async def login():
    return {"access_token": "x"}


@app.get("/me")
async def me():
    return {}
