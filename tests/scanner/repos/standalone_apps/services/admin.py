import requests
from flask import Flask

app = Flask(__name__)
PORT = 7000 + 1


@app.route("/admin/movies", methods=["GET"])
def movies():
    return requests.get("http://127.0.0.1:5001/movies/1").text


if __name__ == "__main__":
    app.run(port=PORT)
