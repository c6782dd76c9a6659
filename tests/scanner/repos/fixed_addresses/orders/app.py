"""Orders: reaches its database by the compose name; traces see the container's IP."""

import os

from flask import Flask
from sqlalchemy import create_engine

app = Flask(__name__)
engine = create_engine(os.environ["DATABASE_URL"])


@app.route("/orders")
def orders() -> str:
    return "[]"
