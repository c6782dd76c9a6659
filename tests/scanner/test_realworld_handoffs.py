"""Arguments and clients handed on: a function given with its arguments to a runner
(``BackgroundTasks.add_task``, ``threading.Thread``, ``run_in_executor``, ``submit``) and a
client passed as a parameter (FastAPI ``Depends``, plain callers); a client class given its
base URL by callers in another module of a namespace package. Shapes from audits 9 and 10,
see realworld/README.md."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest

from catalog_api.graph import ServiceGraph
from scanner import scan_repository
from scanner.bindings import Param
from scanner.call_sites import call_site_args
from scanner.evaluate import Evaluator
from scanner.modules import ModuleLoader
from scanner.symbolic import value_of
from scanner.walk import walk
from tests.scanner.repo_files import write_repo

REALWORLD = Path(__file__).parent / "realworld"


def _edges(graph: ServiceGraph) -> set[tuple[str, str, str]]:
    return {(e.source, e.target, e.kind.value) for e in graph.edges()}


def _diagnostics(graph: ServiceGraph, code: str) -> set[tuple[str, int | None]]:
    return {(d.path, d.line) for d in graph.diagnostics if d.code == code}


# -- a function handed to a runner -------------------------------------------------------------


def test_functions_handed_to_runners_publish_the_topics_they_are_given() -> None:
    graph = scan_repository(REALWORLD / "function_handed_to_runner")
    publishes = {t for s, t, k in _edges(graph) if k == "publish"}
    assert publishes == {
        "queue:user_created",  # add_task(produce_event, "user_created", ...)
        "queue:user_updated",  # add_task(produce_event, topic="user_updated", ...)
        "queue:user_audit",  # Thread(target=send, args=(...))
        "queue:user_audit_kw",  # Thread(target=send, kwargs={...})
        "queue:user_export",  # loop.run_in_executor(None, send, ...)
        "queue:user_metrics",  # pool.submit(send, ...)
    }
    # ``to_thread(send, *args)`` stays an unknown option, reported, never a guessed topic
    unresolved = [d for d in graph.diagnostics if d.code == "unresolved-destination"]
    assert [(d.path, d.line) for d in unresolved] == [("user_service/app/audit.py", 14)]
    assert "args[0]" in unresolved[0].message


def _value_at_param(tmp_path: Path, files: dict[str, str], function: str, param: str) -> str:
    """The value of ``param`` read in ``function``'s body of ``main.py``."""
    write_repo(tmp_path, files)
    loader = ModuleLoader(tmp_path, list(files))
    ctx = loader.load("main.py")
    assert ctx is not None
    ev = Evaluator(loader)
    body = ctx.index.functions[function].node.body
    found: list[cst.Name] = []

    class _Reads(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            if node.value == param and not found:
                found.append(node)

    body.visit(_Reads())
    return value_of(ev, ctx, found[0]).render()


HELPER = "def send(topic, data=None, *, key=None):\n    return topic, key\n"


@pytest.mark.parametrize(
    ("call", "param", "expected"),
    [
        ("tasks.add_task(send, 'a', {})", "topic", "a"),
        ("tasks.add_task(send, data={}, topic='b')", "topic", "b"),
        ("tasks.add_task(send, 'c', key='k')", "key", "k"),
        ("threading.Thread(None, send, None, ('d',))", "topic", "d"),
        ("threading.Thread(target=send, args=ARGS)", "topic", "e"),
        ("threading.Thread(target=send, args=('t',), kwargs={'key': 'f'})", "key", "f"),
        ("threading.Timer(5, send, args=('g',))", "topic", "g"),
        ("loop.run_in_executor(None, send, 'h')", "topic", "h"),
        ("asyncio.to_thread(send, topic='i')", "topic", "i"),
        ("functools.partial(send, 'j')", "topic", "j"),
        ("functools.partial(send)", "topic", "{functools.partial(send)['topic']}"),  # later
        ("functools.partial(send, 'j')", "key", "{functools.partial(send, 'j')['key']}"),
        ("pool.submit(send, *ARGS)", "topic", "{ARGS[0]}"),
        ("threading.Thread(target=send, args=runtime)", "topic", "{runtime[0]}"),
        ("threading.Thread(target=send, kwargs=runtime)", "key", "{runtime['key']}"),
        ("loop.run_in_executor(None, send, 'h', key='no')", "key", "{None}"),  # the default
    ],
)
def test_a_runner_binds_its_arguments_as_a_direct_call_would(
    tmp_path: Path, call: str, param: str, expected: str
) -> None:
    caller = f"ARGS = ('e',)\ndef run(tasks, loop, pool, runtime):\n    {call}\n"
    found = _value_at_param(tmp_path, {"main.py": HELPER + caller}, "send", param)
    assert found == expected


def test_a_repository_function_named_like_a_runner_binds_nothing(tmp_path: Path) -> None:
    caller = "def submit(fn, label):\n    fn(label)\ndef run():\n    submit(send, 'no')\n"
    found = _value_at_param(tmp_path, {"main.py": HELPER + caller}, "send", "topic")
    assert found == "{topic}"


# -- a client passed as a parameter ------------------------------------------------------------


def test_a_client_injected_with_depends_and_handed_on_gives_its_edges() -> None:
    graph = scan_repository(REALWORLD / "client_param_from_depends")
    assert _edges(graph) == {
        ("service:order-service", "queue:order-events", "publish"),
        ("service:order-service", "queue:order-cancellations", "publish"),
        ("service:notification-worker", "queue:notification-events", "consume"),
        ("service:notification-worker", "queue:email-notifications", "publish"),
    }
    # a provider returning a stub or the client, and a client nobody passes: warned, not drawn
    assert _diagnostics(graph, "untraced-client") == {
        ("payment-service/app/sqs_client.py", 27),
        ("notification-worker/app/forwarding.py", 12),
    }


def _origin(tmp_path: Path, files: dict[str, str]) -> str | None:
    for rel, text in files.items():
        (tmp_path / rel).write_text(text)
    loader = ModuleLoader(tmp_path, list(files))
    ctx = loader.load("helpers.py")
    assert ctx is not None
    receiver = ctx.index.functions["publish"].node.params.params[0].name
    uses: list[cst.Name] = []

    class _Uses(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            if node.value == receiver.value and node is not receiver:
                uses.append(node)

    ctx.index.functions["publish"].node.body.visit(_Uses())
    found = Evaluator(loader).origin(ctx, uses[0])
    return None if found is None else found[0].code(found[1])


HELPERS = "def publish(client, body):\n    client.send_message(QueueUrl='q', MessageBody=body)\n"
IMPORTS = "from fastapi import Depends\nfrom helpers import publish\nfrom factory import get_sqs\n"
FACTORY = "import boto3\ndef get_sqs():\n    return boto3.client('sqs')\n"


@pytest.mark.parametrize(
    ("caller", "expected"),
    [
        (  # two routes, each injected: the same client
            IMPORTS + "def a(c=Depends(get_sqs)):\n    publish(c, 'x')\n"
            "def b(c=Depends(get_sqs)):\n    publish(c, 'y')\n",
            "boto3.client('sqs')",
        ),
        (  # handed down twice: route -> service function -> helper
            "from typing import Annotated\nfrom fastapi import Depends\n"
            "from helpers import publish\nfrom factory import get_sqs\n"
            "def service(client):\n    publish(client, 'x')\n"
            "def route(c: Annotated[object, Depends(get_sqs)]):\n    service(c)\n",
            "boto3.client('sqs')",
        ),
        (  # one caller injects it, another passes something else: not one object
            IMPORTS + "def a(c=Depends(get_sqs)):\n    publish(c, 'x')\n"
            "def b(other):\n    publish(other, 'y')\n",
            None,
        ),
    ],
)
def test_a_client_parameter_holds_what_its_callers_hand_on(
    tmp_path: Path, caller: str, expected: str | None
) -> None:
    files = {"helpers.py": HELPERS, "factory.py": FACTORY, "routes.py": caller}
    assert _origin(tmp_path, files) == expected


def test_a_method_handed_to_a_runner_binds_after_self(tmp_path: Path) -> None:
    code = (
        "class Events:\n"
        "    def send(self, topic):\n"
        "        return topic\n"
        "    def later(self, pool):\n"
        "        pool.submit(self.send, 'from_method')\n"
    )
    (tmp_path / "main.py").write_text(code)
    loader = ModuleLoader(tmp_path, ["main.py"])
    ctx = loader.load("main.py")
    assert ctx is not None
    send = ctx.index.classes["Events"].node.body.body[0]
    assert isinstance(send, cst.FunctionDef)
    returned = send.body.body[0]
    assert isinstance(returned, cst.SimpleStatementLine)
    read = returned.body[0]
    assert isinstance(read, cst.Return) and read.value is not None
    assert value_of(Evaluator(loader), ctx, read.value).render() == "from_method"


# -- a client class built in another module of a namespace package -----------------------------

NAMESPACE_CLIENTS = REALWORLD / "namespace_client_class_ctor"


def test_a_client_class_built_across_namespace_packages_gives_its_edges() -> None:
    graph = scan_repository(NAMESPACE_CLIENTS)
    assert _edges(graph) == {
        ("service:cart-service", "service:products-service", "http"),  # relative import
        ("service:orders-service", "service:products-service", "http"),  # absolute import
        ("service:orders-service", "service:cart-service", "http"),
        ("service:users-service", "service:orders-service", "http"),  # no project marker
    }
    assert not _diagnostics(graph, "unresolved-url")


@pytest.mark.parametrize(
    ("service", "caller", "url"),
    [
        ("orders-service", "orders-service/app/routes/orders.py", "cart_service_url"),
        ("users-service", "users-service/app/routes/users.py", "orders_service_url"),
    ],
)
def test_same_named_classes_of_two_services_take_only_their_own_callers(
    service: str, caller: str, url: str
) -> None:
    loader = ModuleLoader(NAMESPACE_CLIENTS, walk(NAMESPACE_CLIENTS).paths)
    ctx = loader.load(f"{service}/app/core/client.py")
    assert ctx is not None
    body = ctx.index.classes["CartClient"].node.body.body
    init = next(f for f in body if isinstance(f, cst.FunctionDef) and f.name.value == "__init__")
    info = ctx.index.function_of[init]
    passed = call_site_args(Evaluator(loader), Param(ctx, info, info.params["base_url"]))
    assert [(site.ctx.path, site.ctx.code(site.node)) for site in passed] == [
        (caller, f"settings.{url}")
    ]


CALLS = "Client()\n"


@pytest.mark.parametrize(
    ("files", "callers"),
    [
        (  # a namespace package: its project's other directories are searched
            {"a/Dockerfile": "", "a/app/routes/r.py": CALLS, "a/main.py": CALLS},
            ["a/app/routes/r.py", "a/main.py"],
        ),
        (  # no project marker: the top-level directory, never another one
            {"a/app/routes/r.py": CALLS, "b/app/routes/r.py": CALLS},
            ["a/app/routes/r.py"],
        ),
        (  # in a regular package: the directory above the package, not the project
            {"Dockerfile": "", "a/app/__init__.py": "", "a/app/core/__init__.py": "",
             "a/app/routes/r.py": CALLS, "b/main.py": CALLS},
            ["a/app/routes/r.py"],
        ),
    ],
)  # fmt: skip
def test_callers_of_a_namespace_module_are_searched_in_its_project(
    tmp_path: Path, files: dict[str, str], callers: list[str]
) -> None:
    files = {**files, "a/app/core/client.py": "class Client: ...\n"}
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    loader = ModuleLoader(tmp_path, list(files))
    found = loader.related("a/app/core/client.py", r"\bClient\s*\(")
    assert [m.path for m in found] == callers
