from fastapi import APIRouter

from ..core.client import ProductClient
from ..core.config import settings

router = APIRouter(prefix="/cart", tags=["Cart"])

product_client = ProductClient(base_url=settings.product_service_url)


@router.post("/add")
async def add_item(product_id: int):
    return await product_client.get_product(product_id)
