from fastapi import FastAPI

from proj.tasks import on_demand

app = FastAPI()


@app.post("/run")
def run():
    on_demand.delay()
    return {"ok": True}
