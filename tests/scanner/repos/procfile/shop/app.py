from flask import Flask
from tasks import send_receipt

app = Flask(__name__)


@app.post("/orders")
def create_order() -> dict[str, str]:
    send_receipt.delay("order-1")
    return {"status": "created"}
