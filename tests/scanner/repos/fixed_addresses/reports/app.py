"""Reports: reaches the others through the ports they publish on the Docker host."""

import psycopg
import requests
from flask import Flask

app = Flask(__name__)


@app.route("/report")
def report() -> str:
    orders = requests.get("http://host.docker.internal:8000/orders", timeout=5).json()
    with psycopg.connect("postgresql://reports@localhost:15432/reports") as connection:
        connection.execute("SELECT 1")
    requests.get("http://localhost:8001/health", timeout=5)  # its own port: no edge
    requests.get("http://localhost:9999/", timeout=5)  # nothing publishes it: no edge
    return str(orders)
