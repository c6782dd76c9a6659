from fastapi import FastAPI

from core.db_helper import db_helper

app = FastAPI()


@app.get("/health")
async def health():
    async with db_helper.session_factory() as session:
        return {"ok": session is not None}
