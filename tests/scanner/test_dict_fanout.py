"""A dict literal read with a key known only at run time (a gateway's service registry): every
value it holds, as a choice, when there are few and all are known."""

from __future__ import annotations

from pathlib import Path

from scanner import scan_repository
from scanner.evaluate import Evaluator
from scanner.modules import ModuleLoader
from scanner.returned_values import MAX_CHOICES
from scanner.symbolic import value_of
from tests.scanner.repo_files import write_repo


def _result(tmp_path: Path, code: str) -> str:
    (tmp_path / "main.py").write_text(code)
    loader = ModuleLoader(tmp_path, ["main.py"])
    ctx = loader.load("main.py")
    assert ctx is not None
    return value_of(Evaluator(loader), ctx, ctx.index.assigns["result"]).render()


def test_every_value_is_a_choice_when_the_key_is_known_only_at_run_time(tmp_path: Path) -> None:
    code = (
        "SERVICES = {'auth': 'http://auth:9003', 'orders': 'http://orders:9001'}\n"
        "def forward(name, path):\n"
        "    return f'{SERVICES[name]}/{path}'\n"
        "result = SERVICES[input()] + '/x'\n"
    )
    assert _result(tmp_path, code) == "{http://auth:9003|http://orders:9001}/x"


def test_a_known_key_still_picks_its_one_value(tmp_path: Path) -> None:
    code = (
        "SERVICES = {'auth': 'http://auth', 'orders': 'http://orders'}\nresult = SERVICES['auth']\n"
    )
    assert _result(tmp_path, code) == "http://auth"


def test_a_key_the_literal_lacks_stays_unknown(tmp_path: Path) -> None:
    code = "SERVICES = {'auth': 'http://auth'}\nresult = SERVICES['billing']\n"
    assert _result(tmp_path, code) == "{SERVICES['billing']}"


def test_nested_items_fan_out_when_a_settings_property_returns_the_registry(
    tmp_path: Path,
) -> None:
    code = (
        "from pydantic_settings import BaseSettings\n"
        "class Settings(BaseSettings):\n"
        "    AUTH_PORT: int = 9003\n"
        "    @property\n"
        "    def ROUTES(self):\n"
        "        return {\n"
        "            'auth': {'host': f'http://auth:{self.AUTH_PORT}', 'prefix': 'auth'},\n"
        "            'orders': {'host': 'http://orders:9001', 'prefix': 'orders'},\n"
        "        }\n"
        "settings = Settings()\n"
        "def forward(name):\n"
        "    config = settings.ROUTES[name]\n"
        "    host = config['host']\n"
        "    return host\n"
        "result = settings.ROUTES[input()]['host']\n"
    )
    assert _result(tmp_path, code) == "{http://auth:${AUTH_PORT:-9003}|http://orders:9001}"


def test_fan_out_stays_unknown_when_one_value_is_unknown(tmp_path: Path) -> None:
    code = (
        "SERVICES = {'auth': 'http://auth', 'other': discover('other')}\n"
        "result = SERVICES[input()]\n"
    )
    assert _result(tmp_path, code) == "{SERVICES[input()]}"


def test_fan_out_stays_unknown_when_the_dict_is_too_big(tmp_path: Path) -> None:
    items = ", ".join(f"'s{i}': 'http://s{i}'" for i in range(MAX_CHOICES + 1))
    code = f"SERVICES = {{{items}}}\nresult = SERVICES[input()]\n"
    assert _result(tmp_path, code) == "{SERVICES[input()]}"


def test_fan_out_stays_unknown_when_the_dict_spreads_another(tmp_path: Path) -> None:
    code = (
        "BASE = {'auth': 'http://auth'}\n"
        "SERVICES = {**BASE, 'orders': 'http://orders'}\n"
        "result = SERVICES[input()]\n"
    )
    assert _result(tmp_path, code) == "{SERVICES[input()]}"


def test_a_gateway_call_through_the_registry_gives_an_edge_per_service(tmp_path: Path) -> None:
    files = {
        "docker-compose.yml": (
            "services:\n  gateway:\n    build: ./gateway\n"
            "  auth:\n    build: ./auth\n  orders:\n    build: ./orders\n"
        ),
        "gateway/Dockerfile": 'FROM python:3\nCOPY . .\nCMD ["python", "main.py"]\n',
        "gateway/main.py": (
            "import requests\n"
            "SERVICES = {'auth': 'http://auth:8000', 'orders': 'http://orders:8000'}\n"
            "def forward(service, path):\n"
            "    return requests.get(f'{SERVICES[service]}/{path}')\n"
        ),
        "auth/Dockerfile": 'FROM python:3\nCOPY . .\nCMD ["python", "app.py"]\n',
        "auth/app.py": "from fastapi import FastAPI\napp = FastAPI()\n",
        "orders/Dockerfile": 'FROM python:3\nCOPY . .\nCMD ["python", "app.py"]\n',
        "orders/app.py": "from fastapi import FastAPI\napp = FastAPI()\n",
    }
    write_repo(tmp_path, files)
    graph = scan_repository(tmp_path)
    assert {(e.source, e.target, e.kind.value) for e in graph.edges()} == {
        ("service:gateway", "service:auth", "http"),
        ("service:gateway", "service:orders", "http"),
    }
    assert not [d for d in graph.diagnostics if d.code == "unresolved-url"]


def test_get_with_a_run_time_key_gives_every_value_and_the_default(tmp_path: Path) -> None:
    code = (
        "SERVICES = {'auth': 'http://auth:80', 'orders': 'http://orders:80'}\n"
        "result = SERVICES.get(input(), 'http://fallback:80')\n"
    )
    assert _result(tmp_path, code) == "{http://auth:80|http://orders:80|http://fallback:80}"


def test_get_with_a_known_key_gives_its_value_or_the_default(tmp_path: Path) -> None:
    code = (
        "SERVICES = {'auth': 'http://auth:80'}\n"
        'result = f\'{SERVICES.get("auth")} {SERVICES.get("billing", "http://b:80")}\'\n'
    )
    assert _result(tmp_path, code) == "http://auth:80 http://b:80"


def test_get_without_default_drops_the_missing_case_when_the_key_is_run_time(
    tmp_path: Path,
) -> None:
    code = (
        "SERVICES = {'auth': 'http://auth:80', 'orders': 'http://orders:80'}\n"
        "result = SERVICES.get(input())\n"
    )
    assert _result(tmp_path, code) == "{http://auth:80|http://orders:80}"


def test_attribute_of_a_config_class_picked_by_a_run_time_key_is_a_choice(
    tmp_path: Path,
) -> None:
    code = (
        "import os\n"
        "class Dev:\n"
        "    API = 'http://localhost:8000'\n"
        "class Prod:\n"
        "    API = os.getenv('API_URL')\n"
        "configs = {'development': Dev, 'production': Prod}\n"
        "config = configs[os.getenv('APP_ENV', 'development')]\n"
        "result = config.API\n"
    )
    assert _result(tmp_path, code) == "{http://localhost:8000|${API_URL}}"


def test_attribute_of_a_config_class_picked_by_a_known_key_is_its_value(tmp_path: Path) -> None:
    code = (
        "class Dev:\n"
        "    API = 'http://localhost:8000'\n"
        "class Prod:\n"
        "    API = 'http://api:8000'\n"
        "configs = {'development': Dev, 'production': Prod}\n"
        "result = configs['production'].API\n"
    )
    assert _result(tmp_path, code) == "http://api:8000"
