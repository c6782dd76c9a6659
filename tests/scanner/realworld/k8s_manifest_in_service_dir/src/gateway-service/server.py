import os

import requests
from flask import Flask

server = Flask(__name__)


@server.route("/login", methods=["POST"])
def login():
    return requests.post(f"http://{os.environ.get('AUTH_SVC_ADDRESS')}/validate").text


if __name__ == "__main__":
    server.run(host="0.0.0.0", port=8080)
