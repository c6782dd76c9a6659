import asyncio

from src.db.base import DB_NAME


async def main() -> None:
    print(DB_NAME)


if __name__ == "__main__":
    asyncio.run(main())
