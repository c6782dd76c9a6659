import httpx
from fastapi import HTTPException


class ProductClient:
    """Simple HTTP client for the products service."""

    def __init__(self, base_url: str, timeout: float = 5.0):
        self.base_url = base_url.rstrip("/")
        self._client = httpx.AsyncClient(timeout=timeout)

    async def get_product(self, product_id: int) -> dict:
        url = f"{self.base_url}/products/{product_id}"
        resp = await self._client.get(url)
        if resp.status_code != 200:
            raise HTTPException(500, "Product service unavailable")
        return resp.json()
