"""Reports: outside compose, its address comes from its Dockerfile."""

import os

import requests
from flask import Flask

app = Flask(__name__)


@app.route("/report")
def report() -> str:
    return str(requests.get(os.environ["ORDERS_URL"] + "/orders", timeout=5).json())
