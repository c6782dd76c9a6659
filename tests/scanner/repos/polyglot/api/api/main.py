import os

import httpx
from fastapi import FastAPI

app = FastAPI()
BILLING_URL = os.environ["BILLING_URL"]


@app.get("/invoices/{invoice_id}")
def invoice(invoice_id: int) -> dict[str, object]:
    return httpx.get(f"{BILLING_URL}/invoices/{invoice_id}").json()
