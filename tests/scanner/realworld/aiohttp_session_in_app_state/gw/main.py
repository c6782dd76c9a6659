import asyncio

from aiohttp import web

from handlers import get_aiohttp_session

routes = web.RouteTableDef()


@routes.get("/users/{id}/products")
async def products(request):
    session = app["client_session"]
    cart = asyncio.create_task(session.get("http://cart:8003/users/1/cart"))
    direct = await session.get("http://cart:8003/users/2/cart")
    return web.json_response({})


app = web.Application()
app.on_startup.append(get_aiohttp_session)
app.add_routes(routes)
web.run_app(app, port=8000)
