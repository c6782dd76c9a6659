"""POST /charges against an aiohttp test server standing in for the payment provider."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from payments import provider as provider_module
from payments.app import create_app
from payments.events import COMPLETED_TOPIC

pytestmark = pytest.mark.asyncio

API_KEY = "sk_test_shopfront"


@dataclass
class FakeRedis:
    """Dict-backed stand-in for the three redis.asyncio commands the idempotency store uses."""

    data: dict[str, bytes] = field(default_factory=dict)

    async def set(
        self, name: str, value: bytes, *, ex: int | None = None, nx: bool = False
    ) -> bool | None:
        if nx and name in self.data:
            return None
        self.data[name] = value
        return True

    async def get(self, name: str) -> bytes | None:
        return self.data.get(name)

    async def delete(self, *names: str) -> int:
        return sum(self.data.pop(name, None) is not None for name in names)


@dataclass
class RecordingProducer:
    sent: list[tuple[str, bytes, bytes]] = field(default_factory=list)

    async def send_and_wait(self, topic: str, value: bytes, key: bytes) -> object:
        self.sent.append((topic, value, key))
        return None


@dataclass
class Provider:
    """Answers like Stripe's /v1/charges; `fail_first` simulates a provider hiccup."""

    fail_first: int = 0
    calls: list[dict[str, str]] = field(default_factory=list)

    async def charges(self, request: web.Request) -> web.Response:
        form = dict(await request.post())
        self.calls.append({**{k: str(v) for k, v in form.items()}, **request.headers})
        if request.headers.get("Authorization") != f"Bearer {API_KEY}":
            return web.json_response({"error": {"message": "Invalid API key"}}, status=401)
        if len(self.calls) <= self.fail_first:
            return web.json_response({"error": {"message": "try again"}}, status=503)
        if form["source"] == "tok_chargeDeclined":
            return web.json_response({"error": {"message": "Your card was declined."}}, status=402)
        charge = {"id": f"ch_{len(self.calls)}", "amount": int(str(form["amount"]))}
        return web.json_response({**charge, "currency": form["currency"], "status": "succeeded"})


Client = Callable[..., Awaitable[TestClient[web.Request, web.Application]]]
Server = Callable[..., Awaitable[TestServer]]


@dataclass
class Harness:
    client: TestClient[web.Request, web.Application]
    provider: Provider
    producer: RecordingProducer
    redis: FakeRedis


@pytest.fixture(autouse=True)
def provider_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(provider_module, "PAYMENT_PROVIDER_KEY", API_KEY)


async def start(
    aiohttp_server: Server,
    aiohttp_client: Client,
    provider: Provider,
    monkeypatch: pytest.MonkeyPatch,
) -> Harness:
    provider_app = web.Application()
    provider_app.router.add_post("/v1/charges", provider.charges)
    provider_server = await aiohttp_server(provider_app)
    url = str(provider_server.make_url("")).rstrip("/")
    monkeypatch.setattr(provider_module, "PAYMENT_PROVIDER_URL", url)
    redis, producer = FakeRedis(), RecordingProducer()
    app = create_app(redis_client=redis, producer=producer)
    return Harness(await aiohttp_client(app), provider, producer, redis)


ORDER = {
    "order_id": "ord-42",
    "amount_cents": 2599,
    "currency": "EUR",
    "payment_method": "tok_visa",
}


async def test_charge_is_created_and_announced_when_provider_accepts(
    aiohttp_server: Server, aiohttp_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = await start(aiohttp_server, aiohttp_client, Provider(), monkeypatch)

    response = await h.client.post("/charges", json=ORDER)

    assert response.status == 201
    body = await response.json()
    assert body == {
        "charge_id": "ch_1",
        "order_id": "ord-42",
        "amount_cents": 2599,
        "currency": "eur",
        "status": "succeeded",
    }
    assert h.provider.calls[0]["amount"] == "2599"
    assert h.provider.calls[0]["Idempotency-Key"] == "order:ord-42"
    [(topic, value, key)] = h.producer.sent
    assert (topic, key) == (COMPLETED_TOPIC, b"ord-42")
    assert json.loads(value)["charge_id"] == "ch_1"


async def test_first_charge_is_returned_when_request_is_replayed(
    aiohttp_server: Server, aiohttp_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = await start(aiohttp_server, aiohttp_client, Provider(), monkeypatch)
    headers = {"Idempotency-Key": "checkout-7"}

    first = await h.client.post("/charges", json=ORDER, headers=headers)
    second = await h.client.post("/charges", json=ORDER, headers=headers)

    assert (first.status, second.status) == (201, 200)
    assert await first.json() == await second.json()
    assert len(h.provider.calls) == 1
    event_ids = {json.loads(value)["event_id"] for _, value, _ in h.producer.sent}
    assert len(event_ids) == 1


async def test_charge_is_retried_when_provider_is_briefly_unavailable(
    aiohttp_server: Server, aiohttp_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = await start(aiohttp_server, aiohttp_client, Provider(fail_first=1), monkeypatch)

    response = await h.client.post("/charges", json=ORDER)

    assert response.status == 201
    assert len(h.provider.calls) == 2
    assert {call["Idempotency-Key"] for call in h.provider.calls} == {"order:ord-42"}


async def test_key_is_released_and_nothing_published_when_card_is_declined(
    aiohttp_server: Server, aiohttp_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = await start(aiohttp_server, aiohttp_client, Provider(), monkeypatch)

    response = await h.client.post(
        "/charges", json={**ORDER, "payment_method": "tok_chargeDeclined"}
    )

    assert response.status == 402
    assert await response.json() == {"error": "Your card was declined."}
    assert h.producer.sent == []
    assert h.redis.data == {}


@pytest.mark.parametrize(
    "change",
    [{"amount_cents": 0}, {"amount_cents": "10"}, {"currency": "doge"}, {"order_id": ""}],
)
async def test_request_is_rejected_when_body_is_invalid(
    aiohttp_server: Server,
    aiohttp_client: Client,
    monkeypatch: pytest.MonkeyPatch,
    change: dict[str, object],
) -> None:
    h = await start(aiohttp_server, aiohttp_client, Provider(), monkeypatch)

    response = await h.client.post("/charges", json={**ORDER, **change})

    assert response.status == 422
    assert h.provider.calls == []


async def test_provider_is_not_retried_when_it_rejects_the_api_key(
    aiohttp_server: Server, aiohttp_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = await start(aiohttp_server, aiohttp_client, Provider(), monkeypatch)
    monkeypatch.setattr(provider_module, "PAYMENT_PROVIDER_KEY", "sk_test_revoked")

    response = await h.client.post("/charges", json=ORDER)

    assert response.status == 503
    assert len(h.provider.calls) == 1
    assert h.redis.data == {}
