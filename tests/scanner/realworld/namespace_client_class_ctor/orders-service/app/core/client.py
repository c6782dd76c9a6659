import httpx
from fastapi import HTTPException


class ProductClient:
    def __init__(self, base_url: str, timeout: float = 5.0):
        self.base_url = base_url.rstrip("/")
        self._client = httpx.AsyncClient(timeout=timeout)

    async def reserve_items(self, items: list):
        url = f"{self.base_url}/products/reserve"
        resp = await self._client.post(url, json=items)
        if resp.status_code != 200:
            raise HTTPException(status_code=resp.status_code, detail="Reserve failed")


class CartClient:
    def __init__(self, base_url: str, timeout: float = 5.0):
        self.base_url = base_url.rstrip("/")
        self._client = httpx.AsyncClient(timeout=timeout)

    async def get_cart(self, user_id: int) -> dict:
        url = f"{self.base_url}/cart/"
        resp = await self._client.get(url, headers={"x-user-id": str(user_id)})
        return resp.json()
