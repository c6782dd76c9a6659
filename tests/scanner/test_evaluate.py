"""Expression evaluation: how code spells a URL, followed to env references and literals."""

from __future__ import annotations

from pathlib import Path

from scanner.bindings import FuncRef
from scanner.evaluate import Evaluator
from scanner.modules import ModuleLoader
from scanner.symbolic import value_of


def _value_of_last(tmp_path: Path, files: dict[str, str], main: str = "main.py") -> str:
    """Render the value of the expression ``result = ...`` at the end of ``main``."""
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    loader = ModuleLoader(tmp_path, list(files))
    ctx = loader.load(main)
    assert ctx is not None
    return value_of(Evaluator(loader), ctx, ctx.index.assigns["result"]).render()


def test_getenv_with_default_becomes_an_env_reference_when_called_through_os(
    tmp_path: Path,
) -> None:
    code = 'import os\nresult = os.getenv("A", "http://a:1") + "/x"\n'
    assert _value_of_last(tmp_path, {"main.py": code}) == "${A:-http://a:1}/x"


def test_environ_subscript_and_get_become_references_when_aliased(tmp_path: Path) -> None:
    code = "from os import environ as e\nB = e[\"B\"]\nresult = f\"{B}/{e.get('C', 'c')}\"\n"
    assert _value_of_last(tmp_path, {"main.py": code}) == "${B}/${C:-c}"


def test_or_default_becomes_the_reference_default_when_getenv_has_none(tmp_path: Path) -> None:
    code = 'import os\nresult = os.environ.get("D") or "http://d"\n'
    assert _value_of_last(tmp_path, {"main.py": code}) == "${D:-http://d}"


def test_settings_field_becomes_upper_case_env_when_class_is_base_settings(tmp_path: Path) -> None:
    settings = (
        "from pydantic_settings import BaseSettings, SettingsConfigDict\n"
        "class S(BaseSettings):\n"
        '    model_config = SettingsConfigDict(env_prefix="app_")\n'
        '    orders_url: str = "http://localhost:1"\n'
        "settings = S()\n"
    )
    main = "from pkg.settings import settings\nresult = f'{settings.orders_url}/orders'\n"
    files = {"pkg/__init__.py": "", "pkg/settings.py": settings, "pkg/main.py": main}
    assert (
        _value_of_last(tmp_path, files, "pkg/main.py")
        == "${APP_ORDERS_URL:-http://localhost:1}/orders"
    )


def test_imported_constant_is_followed_when_defined_in_a_sibling_module(tmp_path: Path) -> None:
    files = {
        "svc/__init__.py": "",
        "svc/config.py": 'import os\nBASE = os.environ["BASE_URL"]\n',
        "svc/main.py": "from .config import BASE\nresult = BASE + '/v1'\n",
    }
    assert _value_of_last(tmp_path, files, "svc/main.py") == "${BASE_URL}/v1"


def test_format_and_class_attributes_are_followed_when_config_is_a_class(tmp_path: Path) -> None:
    code = (
        "import os\n"
        "class Config:\n"
        '    API = os.getenv("API", "http://api")\n'
        'result = "{}/items/{id}".format(Config.API, id=7)\n'
    )
    assert _value_of_last(tmp_path, {"main.py": code}) == "${API:-http://api}/items/7"


def test_constructor_argument_is_followed_when_a_client_class_stores_its_base_url(
    tmp_path: Path,
) -> None:
    files = {
        "svc/__init__.py": "",
        "svc/client.py": (
            "class Client:\n"
            "    def __init__(self, base_url: str) -> None:\n"
            "        self.base = base_url.rstrip('/')\n"
            "    def url(self) -> str:\n"
            "        return f'{self.base}/orders'\n"
        ),
        "svc/main.py": (
            "import os\nfrom svc.client import Client\n"
            "c = Client(os.environ['ORDERS_URL'])\n"
            "result = c.base\n"
        ),
    }
    assert _value_of_last(tmp_path, files, "svc/main.py") == "${ORDERS_URL}"


def test_unknown_part_names_the_code_when_a_value_comes_from_a_parameter(tmp_path: Path) -> None:
    code = "def f(url):\n    return url\nresult = f'{undefined_name}/x'\n"
    assert _value_of_last(tmp_path, {"main.py": code}) == "{undefined_name}/x"


def test_computed_settings_property_is_followed_when_it_builds_a_dsn(tmp_path: Path) -> None:
    code = (
        "from pydantic import computed_field\n"
        "from pydantic_settings import BaseSettings\n"
        "class Settings(BaseSettings):\n"
        '    POSTGRES_SERVER: str = "localhost"\n'
        '    POSTGRES_DB: str = "app"\n'
        "    @computed_field\n"
        "    @property\n"
        "    def DATABASE_URI(self) -> str:\n"
        '        return f"postgresql://{self.POSTGRES_SERVER}/{self.POSTGRES_DB}"\n'
        "settings = Settings()\n"
        "result = settings.DATABASE_URI\n"
    )
    assert _value_of_last(tmp_path, {"main.py": code}) == (
        "postgresql://${POSTGRES_SERVER:-localhost}/${POSTGRES_DB:-app}"
    )


def test_enclosing_function_local_is_followed_when_used_in_a_nested_function(
    tmp_path: Path,
) -> None:
    code = (
        "import os\n"
        "def factory():\n"
        "    base = os.environ['API']\n"
        "    def inner():\n"
        "        return base + '/x'\n"
        "    return inner\n"
        "result = factory\n"
    )
    files = {"main.py": code}
    for rel, text in files.items():
        (tmp_path / rel).write_text(text)
    loader = ModuleLoader(tmp_path, list(files))
    ctx = loader.load("main.py")
    assert ctx is not None
    inner = next(f for f in ctx.index.function_of.values() if f.node.name.value == "inner")
    returned = Evaluator(loader).returned(FuncRef(ctx, inner))
    assert returned is not None
    assert value_of(Evaluator(loader), ctx, returned.node).render() == "${API}/x"


def test_percent_formatting_is_followed_when_the_template_is_literal(tmp_path: Path) -> None:
    code = (
        "import os\nHOST = os.environ.get('H', 'notify')\n"
        "result = 'http://%s:%d/x?q=100%%' % (HOST, 9000)\n"
    )
    assert _value_of_last(tmp_path, {"main.py": code}) == "http://${H:-notify}:9000/x?q=100%"


def test_getattr_on_django_settings_gives_the_setting_or_the_default_when_optional(
    tmp_path: Path,
) -> None:
    settings = 'INSTALLED_APPS = []\nAUTH_SERVICE_URL = "http://auth_service:8001"\n'
    code = (
        "from django.conf import settings\n"
        'CATALOG = getattr(settings, "CATALOG_SERVICE_URL", "http://catalog_service:8002")\n'
        'result = getattr(settings, "AUTH_SERVICE_URL", "http://x") + " " + CATALOG\n'
    )
    files = {"shop/__init__.py": "", "shop/settings.py": settings, "shop/views.py": code}
    value = _value_of_last(tmp_path, files, main="shop/views.py")
    assert value == "http://auth_service:8001 http://catalog_service:8002"
