from fastapi import FastAPI

from tasks import charge

app = FastAPI()


@app.post("/orders/{order_id}/charge")
def charge_order(order_id: int):
    charge.delay(order_id)
    return {"queued": True}
