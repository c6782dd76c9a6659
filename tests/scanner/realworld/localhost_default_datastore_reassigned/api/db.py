from sqlalchemy.ext.asyncio import create_async_engine

from config import DB_HOST, DB_NAME

engine = create_async_engine(f"postgresql+asyncpg://app:app@{DB_HOST}:5432/{DB_NAME}")
