"""The admin backend."""

import pymysql
from flask import Flask

app = Flask(__name__)


@app.route("/api/user")
def user() -> str:
    pymysql.connect(host="db", user="root", database="admin")
    return "{}"
