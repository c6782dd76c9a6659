from fastapi import APIRouter

from app.core.client import CartClient
from app.core.config import settings

router = APIRouter(prefix="/users", tags=["users"])

cart_client = CartClient(base_url=settings.orders_service_url)


@router.get("/{user_id}/orders")
async def user_orders(user_id: int):
    return await cart_client.orders_of(user_id)
