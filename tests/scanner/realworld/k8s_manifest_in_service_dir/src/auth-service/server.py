import os

import psycopg2
from flask import Flask

server = Flask(__name__)


def get_db_connection():
    return psycopg2.connect(host=os.getenv("DATABASE_HOST"), database="authdb", port=5432)


@server.route("/validate", methods=["POST"])
def validate():
    get_db_connection().cursor().execute("SELECT 1")
    return "ok"


if __name__ == "__main__":
    server.run(host="0.0.0.0", port=5000)
