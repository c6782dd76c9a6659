import os
from flask import Flask
from flask_pymongo import PyMongo

server = Flask(__name__)
mongo_video = PyMongo(server, uri=os.environ.get('MONGODB_VIDEOS_URI'))
mongo_lit = PyMongo(server, uri="mongodb://mongo:27017/mp3s")


@server.route("/x")
def x():
    return str(mongo_video.db.fs.files.find_one())
