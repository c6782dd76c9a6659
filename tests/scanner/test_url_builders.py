"""URLs built from parts by SQLAlchemy and pydantic calls."""

from __future__ import annotations

import libcst as cst

from scanner.url_builders import built_url
from scanner.values import Value


def _built(name: str, code: str) -> str | None:
    call = cst.parse_expression(code)
    assert isinstance(call, cst.Call)

    def evaluate(node: cst.BaseExpression) -> Value:
        if isinstance(node, cst.SimpleString):
            return Value.of(str(node.evaluated_value))
        if isinstance(node, cst.Integer):
            return Value.of(node.value)
        assert isinstance(node, cst.Attribute)
        return Value.env(node.attr.value)  # ``self.SERVER``: a settings field

    value = built_url(frozenset({name}), call, evaluate)
    return value.render() if value is not None else None


def test_pydantic_v2_build_gives_scheme_host_port_and_path_without_credentials() -> None:
    code = (
        'MultiHostUrl.build(scheme="postgresql+psycopg", username=self.USER, '
        "password=self.PASSWORD, host=self.SERVER, port=self.PORT, path=self.DB)"
    )
    assert (
        _built("pydantic_core.MultiHostUrl.build", code)
        == "postgresql+psycopg://${SERVER}:${PORT}/${DB}"
    )


def test_pydantic_v1_path_keeps_one_slash_and_a_missing_host_is_localhost() -> None:
    code = 'PostgresDsn.build(scheme="postgresql", user="app", path="/orders")'
    assert _built("pydantic.PostgresDsn.build", code) == "postgresql://localhost/orders"


def test_sqlalchemy_url_create_reads_positional_parts() -> None:
    code = 'URL.create("mysql+pymysql", "app", "secret", "legacy-db", 3306, "shop")'
    assert _built("sqlalchemy.URL.create", code) == "mysql+pymysql://legacy-db:3306/shop"


def test_other_calls_are_not_builders() -> None:
    assert _built("yarl.URL.build", 'URL.build(host="x")') is None
