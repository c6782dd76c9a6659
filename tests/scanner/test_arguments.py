"""A small project function evaluated with the arguments of each call (env wrappers)."""

from __future__ import annotations

from pathlib import Path

from tests.scanner.test_evaluate import _value_of_last

WRAPPER = (
    "import os\n"
    "def get_env(name, default=None):\n"
    "    value = os.getenv(name)\n"
    "    return value if value is not None and value.strip() != '' else default\n"
)


def test_env_wrapper_gives_each_call_its_own_variable_when_called_with_literals(
    tmp_path: Path,
) -> None:
    code = (
        WRAPPER
        + "BROKER = get_env('KAFKA_BOOTSTRAP', 'kafka:9092')\n"
        + "OTHER = get_env('TOPIC', 'orders')\n"
        + "THIRD = get_env('GROUP', 'g')\n"
        + "result = BROKER\n"
    )
    assert _value_of_last(tmp_path, {"main.py": code}) == "${KAFKA_BOOTSTRAP:-kafka:9092}"


def test_env_wrapper_is_followed_when_imported_and_called_with_keywords(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "",
        "app/config.py": WRAPPER,
        "app/main.py": (
            "from app.config import get_env\n"
            "URL = get_env(default='http://users:8000', name='USERS_URL')\n"
            "OTHER = get_env('X', 'y')\n"
            "result = f'{URL}/users'\n"
        ),
    }
    rendered = _value_of_last(tmp_path, files, "app/main.py")
    assert rendered == "${USERS_URL:-http://users:8000}/users"


def test_parameter_default_applies_when_the_call_omits_the_argument(tmp_path: Path) -> None:
    code = (
        "import os\n"
        "def setting(name, default='http://localhost:1'):\n"
        "    return os.environ.get(name, default)\n"
        "A = setting('A', 'http://a')\n"
        "result = setting('B')\n"
    )
    assert _value_of_last(tmp_path, {"main.py": code}) == "${B:-http://localhost:1}"


def test_wrapper_of_a_wrapper_binds_each_level_when_arguments_are_passed_on(
    tmp_path: Path,
) -> None:
    code = (
        WRAPPER
        + "def service_url(service, port):\n"
        + "    return f\"http://{get_env(service.upper() + '_HOST', service)}:{port}\"\n"
        + "X = service_url('orders', 8000)\n"
        + "result = service_url('billing', 9000)\n"
    )
    assert _value_of_last(tmp_path, {"main.py": code}) == "http://${BILLING_HOST:-billing}:9000"


def test_method_arguments_skip_self_when_called_through_an_instance(tmp_path: Path) -> None:
    code = (
        "import os\n"
        "class Config:\n"
        "    def get(self, key, fallback):\n"
        "        return os.getenv(key) or fallback\n"
        "config = Config()\n"
        "A = config.get('A', 'a')\n"
        "result = config.get('REDIS_URL', 'redis://cache:6379')\n"
    )
    assert _value_of_last(tmp_path, {"main.py": code}) == "${REDIS_URL:-redis://cache:6379}"
