from fastapi import FastAPI

app = FastAPI()


@app.get("/orders")
async def orders():
    return []
