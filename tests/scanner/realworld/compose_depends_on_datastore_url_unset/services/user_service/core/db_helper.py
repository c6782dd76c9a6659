import os

from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine


class DatabaseHelper:
    def __init__(self, url: str, echo: bool = False):
        self.engine = create_async_engine(url=url, echo=echo)
        self.session_factory = async_sessionmaker(bind=self.engine, expire_on_commit=False)


db_helper = DatabaseHelper(url=os.getenv("FASTAPI__DB__URL"))
