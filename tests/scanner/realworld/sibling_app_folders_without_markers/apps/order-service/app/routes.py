from fastapi import APIRouter

router = APIRouter()


@router.post("/orders")
async def create_order(payload: dict):
    return payload
