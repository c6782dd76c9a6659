import aio_pika
from fastapi import APIRouter, Depends, Request

router = APIRouter(prefix="/orders")


async def get_exchange(request: Request) -> aio_pika.abc.AbstractExchange:
    return request.app.state.amqp_exchange


@router.post("")
async def create_order(exchange: aio_pika.abc.AbstractExchange = Depends(get_exchange)):
    await exchange.publish(aio_pika.Message(body=b"{}"), routing_key="order_created")
    return {"ok": True}
