from fastapi import FastAPI

app = FastAPI()


@app.post("/invoices")
def invoice():
    return {}


@app.get("/customers/{cid}")
def customer(cid: int):
    return {}
