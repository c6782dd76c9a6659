from fastapi import FastAPI

from app.core.config import settings

app = FastAPI(title=settings.PROJECT_NAME)


@app.get("/health")
async def health_check() -> dict[str, str]:
    return {"status": "healthy", "service": settings.PROJECT_NAME}
