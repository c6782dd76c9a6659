from typing import Annotated, Any

from fastapi import APIRouter, Depends, status

from app.sqs_client import get_sqs_client, publish_order_cancelled, publish_order_created

router = APIRouter()

SqsClient = Annotated[Any, Depends(get_sqs_client)]


@router.post("/orders", status_code=status.HTTP_201_CREATED)
def create_order(user_id: int, sqs_client: SqsClient) -> dict[str, Any]:
    publish_order_created(sqs_client, 1, user_id)
    return {"id": 1}


@router.delete("/orders/{order_id}")
def cancel_order(order_id: int, sqs=Depends(get_sqs_client)) -> dict[str, Any]:
    publish_order_cancelled(sqs, order_id)
    return {"id": order_id}
