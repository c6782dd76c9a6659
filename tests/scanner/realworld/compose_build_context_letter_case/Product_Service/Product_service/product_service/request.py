import httpx
from fastapi import Depends, HTTPException
from fastapi.security import OAuth2PasswordBearer

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")


async def get_access_token_from_login(username: str, password: str):
    login_url = "http://user_service:8000/token"
    form_data = {"username": username, "password": password}
    async with httpx.AsyncClient() as client:
        response = await client.post(login_url, data=form_data)
    return response.json().get("access_token")


async def get_current_user(token: str = Depends(oauth2_scheme)) -> dict:
    url = "http://user_service:8000/me"
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient() as client:
        response = await client.get(url, headers=headers)
    if response.status_code == 200:
        return response.json()
    raise HTTPException(status_code=response.status_code)
