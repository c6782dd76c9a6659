"""Values reaching client code through injection, enums, settings computed at construction,
application state and tuple unpacking (shapes from audit 7, see realworld/README.md)."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest

from catalog_api.graph import ServiceGraph
from catalog_api.model import EdgeKind
from scanner import scan_repository
from scanner.evaluate import Evaluator
from scanner.modules import ModuleContext, ModuleLoader
from scanner.symbolic import value_of

REALWORLD = Path(__file__).parent / "realworld"


def _edges(graph: ServiceGraph) -> set[tuple[str, str, str]]:
    return {(e.source, e.target, e.kind.value) for e in graph.edges()}


def _load(tmp_path: Path, files: dict[str, str], main: str) -> tuple[Evaluator, ModuleContext]:
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    loader = ModuleLoader(tmp_path, list(files))
    ctx = loader.load(main)
    assert ctx is not None
    return Evaluator(loader), ctx


def _find(ctx: ModuleContext, code: str) -> cst.BaseExpression:
    """The first expression of the module spelled ``code``."""
    found: list[cst.BaseExpression] = []

    class _Visitor(cst.CSTVisitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            if isinstance(node, cst.BaseExpression) and not found and ctx.code(node) == code:
                found.append(node)
            return not found

    ctx.module.visit(_Visitor())
    assert found, code
    return found[0]


def _value_at(tmp_path: Path, files: dict[str, str], code: str, main: str = "main.py") -> str:
    ev, ctx = _load(tmp_path, files, main)
    return value_of(ev, ctx, _find(ctx, code)).render()


def _origin_at(
    tmp_path: Path, files: dict[str, str], code: str, main: str = "main.py"
) -> tuple[str, str] | None:
    ev, ctx = _load(tmp_path, files, main)
    found = ev.origin(ctx, _find(ctx, code))
    return None if found is None else (found[0].path, found[0].code(found[1]))


# -- settings arriving as a parameter ---------------------------------------------------------

SETTINGS = (
    "from pydantic_settings import BaseSettings\n"
    "class Settings(BaseSettings):\n"
    "    redis_url: str = 'redis://localhost'\n"
    "def get_settings() -> Settings:\n"
    "    return Settings()\n"
)


def test_settings_injected_by_a_container_give_the_redis_and_kafka_edges() -> None:
    graph = scan_repository(REALWORLD / "settings_param_injected_by_container")
    assert _edges(graph) == {
        ("service:app", "datastore:redis", "cache"),
        ("service:app", "queue:transactions", "consume"),
    }
    assert not {d.code for d in graph.diagnostics} & {
        "unresolved-address",
        "unresolved-destination",
    }


@pytest.mark.parametrize(
    "main",
    [
        "from fastapi import Depends\nfrom settings import Settings, get_settings\n"
        "def f(settings: Settings = Depends(get_settings)):\n    return settings.redis_url\n",
        "from fastapi import Depends\nfrom settings import get_settings\n"
        "def f(settings=Depends(get_settings)):\n    return settings.redis_url\n",
        "from typing import Annotated\nfrom fastapi import Depends\n"
        "from settings import Settings, get_settings\n"
        "def f(settings: Annotated[Settings, Depends(get_settings)]):\n"
        "    return settings.redis_url\n",
        "from typing import Annotated\nfrom fastapi import Depends\n"
        "from settings import Settings, get_settings\n"
        "SettingsDep = Annotated[Settings, Depends(get_settings)]\n"
        "def f(settings: SettingsDep):\n    return settings.redis_url\n",
        "import settings as s\ndef f(settings: 's.Settings'):\n    return settings.redis_url\n",
        "from typing import Optional\nfrom settings import Settings\n"
        "def f(settings: Optional[Settings] = None):\n    return settings.redis_url\n",
        "from settings import Settings\n"
        "def f(settings: Settings | None):\n    return settings.redis_url\n",
        "from settings import get_settings\n"
        "def f(settings):\n    return settings.redis_url\nf(get_settings())\n",
    ],
    ids=["depends", "depends-bare", "annotated", "alias", "forward", "optional", "union", "caller"],
)
def test_settings_parameter_reads_the_settings_field(tmp_path: Path, main: str) -> None:
    files = {"settings.py": SETTINGS, "main.py": main}
    assert _value_at(tmp_path, files, "settings.redis_url") == "${REDIS_URL:-redis://localhost}"


@pytest.mark.parametrize(
    "main",
    [
        "from settings import Settings\nclass Repo:\n"
        "    def __init__(self, settings: Settings):\n        self.settings = settings\n"
        "    def url(self):\n        return self.settings.redis_url\n",
        "from settings import get_settings\nclass Repo:\n"
        "    def __init__(self, settings):\n        self.settings = settings\n"
        "    def url(self):\n        return self.settings.redis_url\n"
        "repo = Repo(get_settings())\n",
    ],
    ids=["annotated", "caller"],
)
def test_settings_kept_on_self_from_a_constructor_parameter(tmp_path: Path, main: str) -> None:
    files = {"settings.py": SETTINGS, "main.py": main}
    assert (
        _value_at(tmp_path, files, "self.settings.redis_url") == "${REDIS_URL:-redis://localhost}"
    )


def test_unannotated_parameter_nobody_passes_stays_unknown(tmp_path: Path) -> None:
    files = {"settings.py": SETTINGS, "main.py": "def f(s):\n    return s.redis_url\n"}
    assert _value_at(tmp_path, files, "s.redis_url") == "{s.redis_url}"


CONFIG = "import os\nclass Config:\n    REDIS_URL = os.getenv('REDIS_URL', 'redis://localhost')\n"
READER = "from config import Config\ndef f(config: Config):\n    return config.REDIS_URL\n"


def test_plain_config_class_annotation_reads_its_attribute(tmp_path: Path) -> None:
    files = {"config.py": CONFIG, "main.py": READER}
    assert _value_at(tmp_path, files, "config.REDIS_URL") == "${REDIS_URL:-redis://localhost}"


@pytest.mark.parametrize(
    "config",
    [
        CONFIG + "class Production(Config):\n    REDIS_URL = 'redis://prod'\n",
        "from dataclasses import dataclass\n@dataclass\n"
        "class Config:\n    REDIS_URL: str = 'redis://localhost'\n",
        "from pydantic import BaseModel\n"
        "class Config(BaseModel):\n    REDIS_URL: str = 'redis://localhost'\n",
    ],
    ids=["subclassed", "dataclass", "model"],
)
def test_config_class_whose_instances_may_differ_stays_unknown(tmp_path: Path, config: str) -> None:
    files = {"config.py": config, "main.py": READER}
    assert _value_at(tmp_path, files, "config.REDIS_URL") == "{config.REDIS_URL}"


def test_client_held_by_an_annotated_config_parameter_is_followed(tmp_path: Path) -> None:
    config = "import requests\nclass Config:\n    session = requests.Session()\n"
    main = (
        "from config import Config\ndef f(config: Config):\n    return config.session.get('/x')\n"
    )
    files = {"config.py": config, "main.py": main}
    assert _origin_at(tmp_path, files, "config.session") == ("config.py", "requests.Session()")


# -- enum members ------------------------------------------------------------------------------

ENUMS = (
    "import enum\nfrom enum import Enum, StrEnum, auto\n"
    "class Exchange(Enum):\n    ORDERS = 'orders'\n    LATER = auto()\n"
    "class Key(str, Enum):\n    CREATED = 'order.created'\n"
    "class Topic(StrEnum):\n    PAID = 'paid'\n"
    "class Port(enum.IntEnum):\n    HTTP = 8080\n"
    "class Plain:\n    ORDERS = 'orders'\n"
)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("Exchange.ORDERS.value", "orders"),
        ("Exchange.ORDERS.name", "ORDERS"),
        ("Key.CREATED.value", "order.created"),
        ("Key.CREATED", "order.created"),
        ("Topic.PAID", "paid"),
        ("f'http://x:{Port.HTTP.value}'", "http://x:8080"),
        ("member.value", "orders"),
        ("e.Exchange.ORDERS.value", "orders"),
        ("Exchange.LATER.value", "{auto()}"),
        ("Plain.ORDERS.value", "{Plain.ORDERS.value}"),
    ],
)
def test_enum_member_value_and_name(tmp_path: Path, code: str, expected: str) -> None:
    main = (
        "import enums as e\nfrom enums import *\nmember = Exchange.ORDERS\nresult = " + code + "\n"
    )
    assert _value_at(tmp_path, {"enums.py": ENUMS, "main.py": main}, code) == expected


def test_enum_member_value_names_the_exchange_published_to() -> None:
    graph = scan_repository(REALWORLD / "enum_member_value_as_destination")
    assert ("service:cart", "queue:inventory", "publish") in _edges(graph)
    assert "unresolved-destination" not in {d.code for d in graph.diagnostics}


# -- settings fields computed at construction --------------------------------------------------

DERIVED = (
    "from pydantic_settings import BaseSettings\nfrom pydantic import model_validator\n"
    "class S(BaseSettings):\n    HOST: str = 'localhost'\n    PORT: int = 8000\n"
    "    URL: str | None = None\n    API: str = 'http://api'\n"
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "    def __init__(self, **kw):\n        super().__init__(**kw)\n"
            "        self.URL = f'http://{self.HOST}:{self.PORT}'\n",
            "http://${HOST:-localhost}:${PORT:-8000}",
        ),
        (
            "    def model_post_init(self, __context):\n"
            "        self.URL = f'http://{self.HOST}:{self.PORT}'\n",
            "http://${HOST:-localhost}:${PORT:-8000}",
        ),
        (
            "    @model_validator(mode='after')\n    def build(self):\n"
            "        self.URL = f'http://{self.HOST}:{self.PORT}'\n        return self\n",
            "http://${HOST:-localhost}:${PORT:-8000}",
        ),
        (
            "    def __init__(self, **kw):\n        super().__init__(**kw)\n"
            "        if self.PORT == 443:\n            self.URL = f'https://{self.HOST}'\n"
            "        else:\n            self.URL = f'http://{self.HOST}:{self.PORT}'\n",
            "{https://${HOST:-localhost}|http://${HOST:-localhost}:${PORT:-8000}}",
        ),
        ("    def reset(self):\n        self.URL = 'http://other'\n", "${URL}"),  # None: no default
    ],
    ids=["init", "post-init", "validator", "branches", "later-method"],
)
def test_settings_field_assigned_at_construction_wins(
    tmp_path: Path, body: str, expected: str
) -> None:
    main = "from s import S\nsettings = S()\nresult = settings.URL\n"
    assert (
        _value_at(tmp_path, {"s.py": DERIVED + body, "main.py": main}, "settings.URL") == expected
    )


def test_settings_field_rewriting_itself_reads_the_environment_once(tmp_path: Path) -> None:
    body = (
        "    def __init__(self, **kw):\n        super().__init__(**kw)\n"
        "        self.API = self.API + '/v1'\n"
    )
    main = "from s import S\nsettings = S()\nresult = settings.API\n"
    files = {"s.py": DERIVED + body, "main.py": main}
    assert _value_at(tmp_path, files, "settings.API") == "${API:-http://api}/v1"


def test_object_a_settings_class_builds_at_construction_is_followed(tmp_path: Path) -> None:
    body = (
        "    def __init__(self, **kw):\n        super().__init__(**kw)\n"
        "        self.http = httpx.Client(base_url=self.API)\n"
    )
    main = "from s import S\nsettings = S()\nresult = settings.http.get('/x')\n"
    files = {"s.py": "import httpx\n" + DERIVED + body, "main.py": main}
    assert _origin_at(tmp_path, files, "settings.http") == (
        "s.py",
        "httpx.Client(base_url=self.API)",
    )


def test_settings_field_computed_in_init_gives_the_http_edge() -> None:
    graph = scan_repository(REALWORLD / "settings_field_derived_in_init")
    assert _edges(graph) == {("service:gw", "service:cart", "http")}
    edge = graph.edge("service:gw", "service:cart", EdgeKind.HTTP)
    assert edge is not None and edge.detail["routes"] == {"GET /users/{uid}/cart"}
    assert "unresolved-url" not in {d.code for d in graph.diagnostics}


# -- application state --------------------------------------------------------------------------

HOOKS = (
    "import os\nfrom aiohttp import ClientSession\n"
    "async def on_startup(app):\n"
    "    app['session'] = ClientSession()\n"
    "    app['orders_url'] = os.environ['ORDERS_URL']\n"
)
HANDLER = (
    "async def handler(request):\n"
    "    session = request.app['session']\n"
    "    return await request.config_dict['session'].get(request.app['orders_url'] + '/x')\n"
)


@pytest.mark.parametrize("code", ["request.app['session']", "request.config_dict['session']"])
def test_app_item_is_what_a_startup_hook_stores(tmp_path: Path, code: str) -> None:
    files = {"hooks.py": HOOKS, "main.py": HANDLER}
    assert _origin_at(tmp_path, files, code) == ("hooks.py", "ClientSession()")


def test_app_item_value_is_what_a_startup_hook_stores(tmp_path: Path) -> None:
    files = {"hooks.py": HOOKS, "main.py": HANDLER}
    assert _value_at(tmp_path, files, "request.app['orders_url'] + '/x'") == "${ORDERS_URL}/x"


def test_app_item_stored_differently_twice_stays_unknown(tmp_path: Path) -> None:
    other = (
        "import aiohttp\ndef setup(application):\n"
        "    application['session'] = aiohttp.ClientSession(base_url='http://x')\n"
    )
    files = {"hooks.py": HOOKS, "other.py": other, "main.py": HANDLER}
    assert _origin_at(tmp_path, files, "request.app['session']") is None


def test_item_of_something_else_than_the_app_is_not_the_app_item(tmp_path: Path) -> None:
    main = "def h(request):\n    return request.match_info['session']\n"
    files = {"hooks.py": HOOKS, "main.py": main}
    assert _origin_at(tmp_path, files, "request.match_info['session']") is None


def test_app_item_under_an_app_key_object_is_what_is_stored_under_that_key(
    tmp_path: Path,
) -> None:
    keys = (
        "from aiohttp import web, ClientSession\n"
        "SESSION = web.AppKey('session', ClientSession)\n"
        "OTHER = web.AppKey('other', ClientSession)\n"
    )
    hooks = (
        "import aiohttp\nimport keys\nfrom keys import SESSION\n"
        "async def up(app):\n"
        "    app[SESSION] = aiohttp.ClientSession()\n"
        "    app[keys.OTHER] = aiohttp.ClientSession(base_url='http://o')\n"
    )
    main = (
        "from keys import SESSION, OTHER\n"
        "async def h(request):\n    return request.app[SESSION], request.app[OTHER]\n"
    )
    files = {"keys.py": keys, "hooks.py": hooks, "main.py": main}
    assert _origin_at(tmp_path, files, "request.app[SESSION]") == (
        "hooks.py",
        "aiohttp.ClientSession()",
    )
    other = _origin_at(tmp_path, files, "request.app[OTHER]")
    assert other == ("hooks.py", "aiohttp.ClientSession(base_url='http://o')")


def test_session_kept_in_the_aiohttp_app_gives_the_http_edge() -> None:
    graph = scan_repository(REALWORLD / "aiohttp_session_in_app_state")
    assert _edges(graph) == {("service:gw", "service:cart", "http")}
    edge = graph.edge("service:gw", "service:cart", EdgeKind.HTTP)
    assert edge is not None and edge.detail["routes"] == {"GET /users/{id}/cart"}
    assert {e.line for e in edge.evidence if e.path == "gw/main.py"} == {13, 14}


# -- tuple unpacking ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("main", "code", "expected"),
    [
        (
            "def f():\n    user, db = 'postgres', 'payment'\n    return f'{user}/{db}'\n",
            "f'{user}/{db}'",
            "postgres/payment",
        ),
        (
            "[user, db] = ['postgres', 'payment']\nresult = f'{user}/{db}'\n",
            "f'{user}/{db}'",
            "postgres/payment",
        ),
        (
            "(user, (host, db)) = ('postgres', ('pg', 'payment'))\n"
            "result = f'{user}@{host}/{db}'\n",
            "f'{user}@{host}/{db}'",
            "postgres@pg/payment",
        ),
        (
            "def f(x):\n    user, db = 'postgres', 'payment'\n    if x:\n"
            "        user, db = 'admin', 'other'\n    return f'{user}/{db}'\n",
            "f'{user}/{db}'",
            "{postgres|admin}/{payment|other}",
        ),
        (
            "def f():\n    a, b = 'x', 'y'\n    a, b = b, a\n    return f'{a}/{b}'\n",
            "f'{a}/{b}'",
            "y/x",
        ),
        (
            "def f():\n    user, db = 'postgres', 'payment', 'x'\n    return f'{user}/{db}'\n",
            "f'{user}/{db}'",
            "{user}/{db}",
        ),
        (
            "def f():\n    user, *db = 'postgres', 'payment'\n    return f'{user}/{db}'\n",
            "f'{user}/{db}'",
            "{user}/{db}",
        ),
        (
            "def f():\n    user, db = g()\n    return f'{user}/{db}'\n",
            "f'{user}/{db}'",
            "{user}/{db}",
        ),
    ],
    ids=["local", "list", "nested", "branches", "swap", "lengths", "starred", "call"],
)
def test_tuple_unpacking_gives_each_name_its_element(
    tmp_path: Path, main: str, code: str, expected: str
) -> None:
    assert _value_at(tmp_path, {"main.py": main}, code) == expected


def test_tuple_unpacked_database_name_is_the_database_detail() -> None:
    graph = scan_repository(REALWORLD / "tuple_unpacked_local_nul_in_detail")
    edge = graph.edge("service:svc", "datastore:pg", EdgeKind.DB)
    assert edge is not None and edge.detail["databases"] == {"payment"}
