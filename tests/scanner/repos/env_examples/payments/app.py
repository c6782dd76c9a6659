import os

import psycopg2
import requests
from fastapi import FastAPI

app = FastAPI()


@app.post("/pay")
def pay():
    requests.get(f"https://{os.environ['SENTRY_HOST']}/api/1/store")
    requests.post(os.environ["LEDGER_URL"] + "/entries")
    requests.post(os.environ["AUDIT_URL"] + "/orders")
    psycopg2.connect(os.environ["SHARED_DSN"])
    return {}


@app.post("/refunds")
def refund():
    return {}
