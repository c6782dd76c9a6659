from fastapi import FastAPI

from src.db.base import DB_NAME

app = FastAPI(title=DB_NAME)
