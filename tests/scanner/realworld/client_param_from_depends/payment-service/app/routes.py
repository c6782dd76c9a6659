from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, status

from app.sqs_client import get_sqs_client, publish_payment_completed

router = APIRouter()

SqsClient = Annotated[Any, Depends(get_sqs_client)]


@router.post("/payments/{order_id}", status_code=status.HTTP_201_CREATED)
def create_payment(sqs_client: SqsClient, order_id: int = Path(..., gt=0)) -> dict[str, Any]:
    publish_payment_completed(sqs_client, order_id=order_id, payment_id=1, status="completed")
    return {"order_id": order_id}
