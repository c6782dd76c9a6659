"""Dockerfiles: the ``ENV`` an image runs with (every spelling ``docker build`` accepts), and
its place in a service's environment: below compose and Kubernetes, above ``.env`` files and
the code's defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog_api.graph import ServiceGraph
from catalog_api.model import EdgeKind
from scanner import scan_repository
from scanner.config.dockerfile import is_dockerfile, parse_dockerfile

REPO = Path(__file__).parent / "repos" / "dockerfile_env"

MULTI_STAGE = """\
# syntax=docker/dockerfile:1
ARG PYTHON=3.12
ARG REGION=eu
FROM golang:1.22 AS build
ENV CGO_ENABLED=0
FROM python:${PYTHON}-slim AS app
ARG REGION
ARG PORT=8000
ENV ORDERS_URL=http://orders:${PORT} \\
    # a comment inside the continuation
    AREA="$REGION west"
ENV LEGACY_URL http://legacy:9000/api v2
ENV A=1 B=$A
ENV C=${A:+set} D=${MISSING:-fallback} E='${PORT}'
FROM app AS final
ENV EXTRA=1
"""


def _env(text: str, target: str | None = None, **args: str) -> dict[str, str]:
    parsed = parse_dockerfile(text, "svc/Dockerfile", args)
    return {k: e.value for k, e in parsed.environment(target).items()}


def test_final_stage_inherits_the_stage_it_is_built_from_when_multi_stage() -> None:
    env = _env(MULTI_STAGE)
    assert env["ORDERS_URL"] == "http://orders:8000"
    assert env["EXTRA"] == "1"
    assert "CGO_ENABLED" not in env  # the build stage is not the image


def test_arg_defaults_and_global_args_resolve_when_referenced_in_env() -> None:
    env = _env(MULTI_STAGE)
    assert env["AREA"] == "eu west"  # a global ARG redeclared in the stage
    assert env["D"] == "fallback" and env["C"] == "set"


def test_build_args_win_over_arg_defaults_when_given() -> None:
    assert _env(MULTI_STAGE, PORT="9000")["ORDERS_URL"] == "http://orders:9000"
    parsed = parse_dockerfile(MULTI_STAGE, "d", {"PYTHON": "3.11"})
    assert parsed.base_images == ["golang:1.22", "python:3.11-slim", "app"]


def test_legacy_form_takes_the_rest_of_the_line_when_no_equals_sign() -> None:
    assert _env(MULTI_STAGE)["LEGACY_URL"] == "http://legacy:9000/api v2"


def test_one_env_line_sees_only_earlier_values_when_it_sets_several() -> None:
    env = _env(MULTI_STAGE)
    assert env["A"] == "1" and env["B"] == ""  # as docker: B=$A reads A from before the line
    assert env["E"] == "${PORT}"  # single quotes: not substituted


def test_target_selects_the_stage_when_a_build_names_one() -> None:
    assert _env(MULTI_STAGE, target="build") == {"CGO_ENABLED": "0"}
    assert "EXTRA" not in _env(MULTI_STAGE, target="app")


def test_env_entries_point_at_the_instruction_line_when_continued() -> None:
    parsed = parse_dockerfile(MULTI_STAGE, "svc/Dockerfile")
    entry = parsed.environment()["AREA"]
    assert (entry.path, entry.line) == ("svc/Dockerfile", 9)


@pytest.mark.parametrize(
    "text",
    ["", "ENV A=1\n", "FROM\n", "FROM x\nENV\nARG\nENV A='unclosed\n", "FROM x\nENV A=1 \\"],
)
def test_odd_files_give_what_they_can_when_malformed(text: str) -> None:
    parse_dockerfile(text, "Dockerfile").environment()  # never raises


@pytest.mark.parametrize(
    ("path", "expected"),
    [("Dockerfile", True), ("a/Dockerfile.prod", True), ("web.Dockerfile", True), ("x.txt", False)],
)
def test_dockerfiles_are_recognised_when_named_as_docker_names_them(
    path: str, expected: bool
) -> None:
    assert is_dockerfile(path) is expected


def _scan() -> ServiceGraph:
    return scan_repository(REPO)


def _notes(graph: ServiceGraph, source: str, target: str) -> set[str]:
    edge = graph.edge(source, target, EdgeKind.HTTP) or graph.edge(source, target, EdgeKind.DB)
    assert edge is not None, f"no edge {source} -> {target}"
    return {f"{e.path}:{e.line} {e.note}" for e in edge.evidence}


def test_dockerfile_env_resolves_addresses_when_compose_sets_none() -> None:
    graph = _scan()
    notes = _notes(graph, "service:web", "service:orders")
    assert "web/Dockerfile:10 ORDERS_URL=http://orders:8000" in notes  # build arg, target stage
    assert any(
        n.startswith("web/Dockerfile:12")
        for n in _notes(graph, "service:web", "datastore:ledger-db")
    )


def test_compose_environment_wins_when_it_and_the_dockerfile_set_a_variable() -> None:
    graph = _scan()
    notes = _notes(graph, "service:web", "service:payments")
    assert "docker-compose.yml:9 PAYMENTS_URL=http://payments:8000" in notes
    names = {n.name for n in graph.nodes()}
    assert "wrong-payments" not in names and "test-double" not in names


def test_dockerfile_env_wins_over_dotenv_when_a_directory_service_has_both() -> None:
    graph = _scan()
    assert "reports/Dockerfile:2 ORDERS_URL=http://orders:8000" in _notes(
        graph, "service:reports", "service:orders"
    )
    assert "stale-host" not in {n.name for n in graph.nodes()}


def test_command_joins_entrypoint_and_cmd_when_the_stage_inherits_them() -> None:
    text = (
        'FROM python:3.12 AS base\nENTRYPOINT ["/entry.sh"]\nCMD ["gunicorn", "app:app"]\n'
        "FROM base AS final\nENV X=1\n"
    )
    assert parse_dockerfile(text, "Dockerfile").command() == "/entry.sh gunicorn app:app"
    shell = parse_dockerfile("FROM python\nCMD python -u consumer.py\n", "D").command()
    assert shell == "python -u consumer.py"
    assert parse_dockerfile("FROM python\n", "D").command() is None


def test_image_command_tells_services_apart_when_they_share_a_directory() -> None:
    graph = _scan()
    consumers = [e.source for e in graph.edges() if e.kind.value == "consume"]
    assert consumers == ["service:mailer-consumer"]  # Dockerfile.consumer runs consumer.py
    mailer = graph.node("service:mailer")
    assert mailer is not None and mailer.routes == {"POST /mail"}


def test_copy_sources_are_read_when_taken_from_the_build_context() -> None:
    text = (
        "FROM python:3.11 AS build\nARG SRC=app\nCOPY --chown=1000:1000 ${SRC}/ /app/\n"
        "COPY --from=build /wheels /wheels\nADD https://example.com/x.tgz /x\n"
        'FROM build\nCOPY ["a b", "c", "/d/"]\nCOPY \\\n  requirements.txt ./\n'
    )
    first, last = parse_dockerfile(text, "Dockerfile").stages
    assert first.copies == [("app/", "/app/")]
    assert last.copies == [("a b", "/d/"), ("c", "/d/"), ("requirements.txt", "./")]
