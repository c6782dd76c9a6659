from fastapi import Depends, FastAPI

from product_service.request import get_current_user

app = FastAPI()


@app.get("/products")
async def products(user: dict = Depends(get_current_user)):
    return []
