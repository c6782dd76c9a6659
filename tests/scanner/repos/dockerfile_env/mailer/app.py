"""The mailer's web side."""

from flask import Flask

app = Flask(__name__)


@app.route("/mail", methods=["POST"])
def send() -> str:
    return "queued"
