from flask import Flask

from services import nice_json

app = Flask(__name__)


@app.route("/movies/<movieid>", methods=["GET"])
def movie_info(movieid):
    return nice_json({"id": movieid})


if __name__ == "__main__":
    app.run(port=5001, debug=True)
