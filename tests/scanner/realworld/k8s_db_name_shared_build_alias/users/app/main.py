# Origin: ARedaUni/fastapi-microservices users/app/main.py, trimmed to the app.
from fastapi import FastAPI

app = FastAPI(title="Users Microservice")


@app.get("/api/health/")
def health():
    return {"ok": True}
