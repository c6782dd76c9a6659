from dishka import make_async_container
from dishka.integrations.fastapi import setup_dishka
from fastapi import FastAPI

from providers import AppProvider

app = FastAPI()
setup_dishka(container=make_async_container(AppProvider()), app=app)
