from fastapi import FastAPI

from app.core.config import settings
from app.routes import cart

app = FastAPI(title=settings.app_name)
app.include_router(cart.router)
