from fastapi import FastAPI

from app.config import settings
from app.routes import router

app = FastAPI(title=settings.service_name)
app.include_router(router)
