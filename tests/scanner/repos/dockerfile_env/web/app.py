"""The web front: every address it calls comes from its image's environment."""

import os

import psycopg
import requests
from flask import Flask

app = Flask(__name__)
ORDERS_URL = os.getenv("ORDERS_URL", "http://localhost:8000")


@app.route("/")
def index() -> str:
    requests.get(f"{ORDERS_URL}/orders", timeout=5)
    requests.post(os.environ["PAYMENTS_URL"] + "/charges", timeout=5)
    with psycopg.connect(os.environ["LEDGER_DSN"]) as connection:
        connection.execute("SELECT 1")
    return "ok"
