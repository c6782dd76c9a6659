"""Payments."""

from flask import Flask

app = Flask(__name__)


@app.route("/charges", methods=["POST"])
def charge() -> str:
    return "ok"
