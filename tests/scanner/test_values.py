"""Symbolic values: resolution against an environment, joins and rendering."""

from __future__ import annotations

import pytest

from scanner.addresses import parse_address
from scanner.values import Choice, Join, Unknown, Value, join

ORDERS = Value.env("ORDERS_URL", Value.of("http://localhost:8001"))


def test_env_wins_over_the_code_default_when_the_service_sets_it() -> None:
    url = ORDERS + Value.of("/orders/") + Value.unknown("order_id")
    resolved = url.resolve({"ORDERS_URL": "http://orders:8000"})
    assert resolved.render() == "http://orders:8000/orders/{order_id}"


def test_code_default_is_used_when_the_environment_lacks_the_variable() -> None:
    assert ORDERS.resolve({}).text == "http://localhost:8001"


def test_reference_stays_when_neither_environment_nor_default_gives_a_value() -> None:
    value = Value.env("CARRIER_URL") + Value.of("/labels")
    assert value.resolve({}).render() == "${CARRIER_URL}/labels"
    assert value.env_names() == frozenset({"CARRIER_URL"})


def test_urljoin_keeps_only_the_origin_when_the_reference_is_absolute_path() -> None:
    joined = join(ORDERS, Value.of("/api/stock/"), "urljoin")
    assert isinstance(joined.parts[0], Join)
    assert (
        joined.resolve({"ORDERS_URL": "http://inventory:8000/x/y"}).text
        == "http://inventory:8000/api/stock/"
    )


def test_append_join_follows_httpx_when_a_base_url_has_a_path() -> None:
    joined = join(Value.of("http://inventory:8000/api/"), Value.of("/stock"), "append")
    assert joined.text == "http://inventory:8000/api/stock"


def test_adjacent_literals_merge_when_values_are_concatenated() -> None:
    assert (Value.of("a") + Value.of("b") + Value((Unknown("x"),))).parts == ("ab", Unknown("x"))


def test_host_is_unknown_when_it_comes_from_an_unresolved_part() -> None:
    address = parse_address(Value.unknown("base") + Value.of("/orders"))
    assert address.host is None


def test_dsn_gives_technology_host_and_database_when_fully_resolved() -> None:
    address = parse_address(Value.of("postgresql+psycopg://u:p@catalog-db:5432/catalog"))
    assert (address.technology, address.host, address.port, address.database) == (
        "postgres",
        "catalog-db",
        5432,
        "catalog",
    )


@pytest.mark.parametrize(
    ("url", "technology"),
    [
        ("asyncpg://u:p@db/x", "postgres"),
        ("psycopg://db/x", "postgres"),
        ("asyncmy://db/x", "mysql"),
    ],
)
def test_driver_named_scheme_gives_the_technology_when_an_orm_writes_it(
    url: str, technology: str
) -> None:
    assert parse_address(Value.of(url)).technology == technology


def test_bare_host_and_port_parse_when_a_scheme_is_implied() -> None:
    address = parse_address(Value.of("pricing:50051"), default_scheme="grpc")
    assert (address.host, address.port) == ("pricing", 50051)


def test_choice_expands_to_one_value_per_option_when_resolved() -> None:
    value = ORDERS + Value((Choice((Value.of("/a"), Value.of("/b"))),))
    expanded = [v.render() for v in value.resolve({"ORDERS_URL": "http://o"}).expand()]
    assert expanded == ["http://o/a", "http://o/b"]
