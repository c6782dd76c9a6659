from aiohttp import web

routes = web.RouteTableDef()


@routes.get("/users/{id}/cart")
async def cart(request):
    return web.json_response({})

app = web.Application()
app.add_routes(routes)
web.run_app(app, port=8003)
