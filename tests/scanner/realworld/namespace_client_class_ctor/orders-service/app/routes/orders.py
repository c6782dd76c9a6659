from fastapi import APIRouter, Request

from app.core.client import CartClient, ProductClient
from app.core.config import settings

router = APIRouter(prefix="/orders", tags=["orders"])

# clients - point to product and cart services
product_client = ProductClient(base_url=settings.product_service_url)
cart_client = CartClient(base_url=settings.cart_service_url)


@router.post("/create")
async def create_order(request: Request):
    user_id = int(request.headers["x-user-id"])
    cart = await cart_client.get_cart(user_id)
    await product_client.reserve_items(cart["items"])
    return cart
