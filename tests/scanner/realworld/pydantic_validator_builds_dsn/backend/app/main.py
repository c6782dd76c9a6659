from fastapi import FastAPI
from app.db.session import SessionLocal
app = FastAPI()
