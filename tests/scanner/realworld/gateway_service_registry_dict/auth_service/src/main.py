from fastapi import FastAPI

app = FastAPI()


@app.post("/token")
async def token():
    return {"access_token": "x"}
