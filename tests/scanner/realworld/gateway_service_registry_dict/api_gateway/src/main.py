import httpx
from fastapi import FastAPI, HTTPException, Request

from core.config import settings

app = FastAPI()


@app.api_route("/{path:path}", methods=["GET", "POST"])
async def forward_request(request: Request, path: str):
    parts = path.strip("/").split("/")
    service_name = parts[0]
    if service_name not in settings.SERVICE_ROUTES:
        raise HTTPException(status_code=404)
    service_config = settings.SERVICE_ROUTES[service_name]
    service_host = service_config["host"]
    target_url = f"{service_host}/{'/'.join(parts[1:])}"
    async with httpx.AsyncClient() as client:
        response = await client.request(method=request.method, url=target_url, content=await request.body())
    return response.json()
