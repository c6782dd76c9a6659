"""Names of compose services: a key another project repeats is named by the declaration's
``container_name`` (unique on a Docker host), never by a name some compose key uses."""

from __future__ import annotations

from scanner.config.compose import ComposeService
from scanner.services import compose_services


def _spec(name: str, project: str, container: str | None = None) -> ComposeService:
    file = f"{project}/docker-compose.yml"
    return ComposeService(
        name, file, 2, build_context=f"{project}/{name}", container_name=container
    )


def test_repeated_keys_take_their_container_names_unique_keys_keep_theirs() -> None:
    services = compose_services(
        [
            _spec("api", "one", "api-service"),
            _spec("api", "two", "stock-service"),
            _spec("db", "one", "pg"),
        ]
    )
    assert {n: s.path for n, s in services.items()} == {
        "api-service": "one/api",
        "stock-service": "two/api",
        "db": "one/db",  # its key is not repeated: the key names it
    }


def test_a_container_name_that_is_another_key_is_not_taken() -> None:
    services = compose_services(
        [_spec("api", "one"), _spec("api", "two", "web"), _spec("web", "two")]
    )
    assert {n: s.path for n, s in services.items()} == {
        "api": "one/api",
        "two-api": "two/api",  # ``web`` is another service's key: qualified by the directory
        "web": "two/web",
    }
