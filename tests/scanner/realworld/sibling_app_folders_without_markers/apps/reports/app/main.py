from fastapi import FastAPI

app = FastAPI()


@app.get("/reports")
async def reports():
    return []
