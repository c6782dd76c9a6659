import asyncio
from sqlalchemy.ext.asyncio import create_async_engine

from src.settings import settings

engine = create_async_engine(settings.database_url)


async def main():
    async with engine.begin() as conn:
        await conn.run_sync(lambda c: None)


if __name__ == "__main__":
    asyncio.run(main())
