from fastapi import FastAPI

app = FastAPI()


@app.get("/v1/users/{pk}/")
def user_detail(pk: int):
    return {"data": []}


@app.get("/api/v1/authenticate/{auth}")
def authenticate(auth: str):
    return {"status": 200}


@app.get("/v1/carpools/{carpool_pk}/passengers")
def passengers(carpool_pk: int):
    return {"data": []}
