from fastapi import FastAPI
from app.core.db import engine

app = FastAPI(title="x")
