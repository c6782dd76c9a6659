from fastapi import FastAPI

from app.routes import router

app = FastAPI(title="order-service")
app.include_router(router)
