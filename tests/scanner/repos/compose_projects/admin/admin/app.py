import os

import sqlalchemy
from flask import Flask

app = Flask(__name__)
engine = sqlalchemy.create_engine(os.environ["DATABASE_URL"])
