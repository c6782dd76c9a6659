import httpx


class CartClient:
    """Named like orders-service's CartClient, but this service's own: it reads orders."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self._client = httpx.AsyncClient()

    async def orders_of(self, user_id: int) -> dict:
        resp = await self._client.get(f"{self.base_url}/orders/", params={"user": user_id})
        return resp.json()
