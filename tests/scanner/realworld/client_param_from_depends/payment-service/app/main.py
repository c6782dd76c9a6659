from fastapi import FastAPI

from app.routes import router

app = FastAPI(title="payment-service")
app.include_router(router)
