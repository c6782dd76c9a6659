import os

from fastapi import FastAPI
from sqlalchemy import create_engine

engine = create_engine(os.getenv("REPORTS_DB_URL"))
app = FastAPI()
