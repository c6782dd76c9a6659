"""Functions and properties with several ``return``s (a guard before the real return, a config
factory's branches), and implicitly concatenated f-strings."""

from __future__ import annotations

from pathlib import Path

from scanner.bindings import Expr, Instance
from scanner.evaluate import Evaluator
from scanner.modules import ModuleContext, ModuleLoader
from scanner.returned_values import MAX_CHOICES
from scanner.symbolic import value_of


def _loaded(tmp_path: Path, code: str) -> tuple[Evaluator, ModuleContext]:
    (tmp_path / "main.py").write_text(code)
    loader = ModuleLoader(tmp_path, ["main.py"])
    ctx = loader.load("main.py")
    assert ctx is not None
    return Evaluator(loader), ctx


def _result(tmp_path: Path, code: str) -> str:
    ev, ctx = _loaded(tmp_path, code)
    return value_of(ev, ctx, ctx.index.assigns["result"]).render()


def test_implicitly_concatenated_fstrings_are_joined_when_a_dsn_is_split_over_lines(
    tmp_path: Path,
) -> None:
    code = (
        "HOST = 'pg'\n"
        "PORT = 5432\n"
        "result = (\n"
        "    f'postgresql+asyncpg://u:p@'\n"
        "    f'{HOST}:{PORT}'\n"
        "    '/db'\n"
        ")\n"
    )
    assert _result(tmp_path, code) == "postgresql+asyncpg://u:p@pg:5432/db"


def test_settings_property_is_followed_when_it_returns_concatenated_fstrings(
    tmp_path: Path,
) -> None:
    code = (
        "from pydantic_settings import BaseSettings\n"
        "class Settings(BaseSettings):\n"
        "    POSTGRES_HOST: str = 'postgres'\n"
        "    @property\n"
        "    def database_url(self) -> str:\n"
        "        return (\n"
        "            f'postgresql://u@'\n"
        "            f'{self.POSTGRES_HOST}/db'\n"
        "        )\n"
        "settings = Settings()\n"
        "result = settings.database_url\n"
    )
    assert _result(tmp_path, code) == "postgresql://u@${POSTGRES_HOST:-postgres}/db"


def test_a_guard_return_and_the_real_one_are_a_choice_when_a_property_has_both(
    tmp_path: Path,
) -> None:
    code = (
        "from pydantic_settings import BaseSettings\n"
        "class Settings(BaseSettings):\n"
        "    environment: str = 'development'\n"
        "    db_host: str = 'db'\n"
        "    @property\n"
        "    def database_url(self) -> str:\n"
        "        if self.environment == 'test':\n"
        "            return 'sqlite:///:memory:'\n"
        "        url = 'postgresql://u@'\n"
        "        url += f'{self.db_host}/billing'\n"
        "        return url\n"
        "settings = Settings()\n"
        "result = settings.database_url\n"
    )
    assert _result(tmp_path, code) == "{sqlite:///:memory:|postgresql://u@${DB_HOST:-db}/billing}"


def test_a_plain_class_property_with_several_returns_is_a_choice(tmp_path: Path) -> None:
    code = (
        "import os\n"
        "class Config:\n"
        "    @property\n"
        "    def url(self):\n"
        "        if os.getenv('TESTING'):\n"
        "            return 'http://fake'\n"
        "        return os.getenv('API_URL', 'http://api:80')\n"
        "result = Config().url\n"
    )
    assert _result(tmp_path, code) == "{http://fake|${API_URL:-http://api:80}}"


def test_function_returns_are_a_choice_and_return_none_is_dropped(tmp_path: Path) -> None:
    code = (
        "def base(env):\n"
        "    if env == 'prod':\n"
        "        return 'http://prod:80'\n"
        "    if env == 'off':\n"
        "        return None\n"
        "    if env == 'none':\n"
        "        return\n"
        "    return 'http://dev:80'\n"
        "result = base('x') + '/items'\n"
    )
    assert _result(tmp_path, code) == "{http://prod:80|http://dev:80}/items"


def test_returns_that_agree_are_one_value(tmp_path: Path) -> None:
    code = (
        "URL = 'http://a:80'\n"
        "def base(flag):\n"
        "    if flag:\n"
        "        return URL\n"
        "    return URL\n"
        "result = base(1)\n"
    )
    assert _result(tmp_path, code) == "http://a:80"


def test_the_call_stays_unknown_when_no_return_is_known(tmp_path: Path) -> None:
    code = (
        "def base(flag):\n"
        "    if flag:\n"
        "        return fetch()\n"
        "    return other()\n"
        "result = base(1)\n"
    )
    assert _result(tmp_path, code) == "{base(1)}"


def test_the_call_stays_unknown_when_there_are_too_many_returns(tmp_path: Path) -> None:
    arms = "".join(f"    if n == {i}:\n        return 'http://h{i}'\n" for i in range(MAX_CHOICES))
    code = f"def base(n):\n{arms}    return 'http://last'\nresult = base(1)\n"
    assert _result(tmp_path, code) == "{base(1)}"


def test_each_call_binds_its_arguments_in_every_return(tmp_path: Path) -> None:
    code = (
        "import os\n"
        "def env(name, default):\n"
        "    if os.getenv('OFFLINE'):\n"
        "        return default\n"
        "    return os.getenv(name, default)\n"
        "result = env('QUEUE_URL', 'amqp://rabbit')\n"
    )
    assert _result(tmp_path, code) == "{amqp://rabbit|${QUEUE_URL:-amqp://rabbit}}"


def test_attribute_of_a_factory_gives_the_one_value_when_its_classes_inherit_it(
    tmp_path: Path,
) -> None:
    code = (
        "import os\n"
        "class Base:\n"
        "    GRPC_HOST = os.getenv('GRPC_SERVER_HOST', 'localhost')\n"
        "class Dev(Base):\n"
        "    DEBUG = True\n"
        "class Prod(Base):\n"
        "    DEBUG = False\n"
        "def get_config():\n"
        "    if os.getenv('FLASK_ENV') == 'production':\n"
        "        return Prod\n"
        "    return Dev\n"
        "result = get_config().GRPC_HOST\n"
    )
    assert _result(tmp_path, code) == "${GRPC_SERVER_HOST:-localhost}"


def test_attribute_of_a_factory_is_a_choice_when_its_classes_differ(tmp_path: Path) -> None:
    code = (
        "import os\n"
        "class Dev:\n"
        "    API = 'http://localhost:8000'\n"
        "class Prod:\n"
        "    API = 'http://api:8000'\n"
        "def get_config():\n"
        "    if os.getenv('ENV') == 'prod':\n"
        "        return Prod()\n"
        "    return Dev()\n"
        "config = get_config()\n"
        "result = config.API + '/v1'\n"
    )
    assert _result(tmp_path, code) == "{http://api:8000|http://localhost:8000}/v1"


def test_attribute_of_a_factory_stays_unknown_when_a_branch_is_not_a_class(
    tmp_path: Path,
) -> None:
    code = (
        "class Dev:\n"
        "    API = 'http://localhost:8000'\n"
        "def get_config(loaded):\n"
        "    if loaded:\n"
        "        return loaded\n"
        "    return Dev\n"
        "result = get_config(None).API\n"
    )
    assert _result(tmp_path, code) == "{get_config(None).API}"


def test_a_getter_resolves_to_its_client_when_every_return_gives_the_same_one(
    tmp_path: Path,
) -> None:
    code = (
        "import redis\n"
        "_client = redis.Redis(host='cache')\n"
        "def get_client():\n"
        "    if _client is not None:\n"
        "        return _client\n"
        "    return _client\n"
        "client = get_client()\n"
    )
    ev, ctx = _loaded(tmp_path, code)
    found = ev.origin(ctx, ctx.index.assigns["client"])
    assert found is not None and ctx.code(found[1]) == "redis.Redis(host='cache')"


def test_a_factory_of_different_objects_resolves_to_no_one_object(tmp_path: Path) -> None:
    code = (
        "import os\n"
        "class Dev: pass\n"
        "class Prod: pass\n"
        "def get_config():\n"
        "    if os.getenv('ENV'):\n"
        "        return Prod\n"
        "    return Dev\n"
        "config = get_config()\n"
    )
    ev, ctx = _loaded(tmp_path, code)
    found = ev.resolve(ctx, ctx.index.assigns["config"])
    assert isinstance(found, Expr) and not isinstance(found, Instance)
    assert ctx.code(found.node) == "get_config()"


def test_one_name_returned_twice_is_no_one_object_when_reassigned_between(
    tmp_path: Path,
) -> None:
    code = (
        "import redis\n"
        "def get_client(flag):\n"
        "    client = redis.Redis(host='a')\n"
        "    if flag:\n"
        "        return client\n"
        "    client = redis.Redis(host='b')\n"
        "    return client\n"
        "client = get_client(1)\n"
    )
    ev, ctx = _loaded(tmp_path, code)
    found = ev.origin(ctx, ctx.index.assigns["client"])
    assert found is not None and ctx.code(found[1]) == "get_client(1)"


def test_nested_choices_are_one_level_when_a_guarded_property_branches_again(
    tmp_path: Path,
) -> None:
    code = (
        "import os\n"
        "def url():\n"
        "    if os.getenv('TESTING'):\n"
        "        return 'sqlite://'\n"
        "    value = 'postgresql://pg/db'\n"
        "    if os.getenv('SSL'):\n"
        "        value += '?ssl=true'\n"
        "    return value\n"
        "result = url()\n"
    )
    assert _result(tmp_path, code) == ("{sqlite://|postgresql://pg/db|postgresql://pg/db?ssl=true}")


def test_a_secret_setting_is_its_string_when_its_secret_value_is_read(tmp_path: Path) -> None:
    code = (
        "from pydantic import SecretStr\n"
        "from pydantic_settings import BaseSettings\n"
        "class Settings(BaseSettings):\n"
        "    db_pass: SecretStr = 'postgres'\n"
        "    @property\n"
        "    def url(self) -> str:\n"
        "        return f'postgresql://u:{self.db_pass.get_secret_value()}@pg/db'\n"
        "result = Settings().url\n"
    )
    assert _result(tmp_path, code) == "postgresql://u:${DB_PASS:-postgres}@pg/db"
