import asyncio

import requests


async def main():
    return requests.get("http://127.0.0.1:5000/users/x/bookings")


if __name__ == "__main__":
    asyncio.run(main())
