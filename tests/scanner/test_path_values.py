"""File paths from ``pathlib`` division and ``os.path.join``: the written file name survives
an unknowable directory."""

from __future__ import annotations

from pathlib import Path

from catalog_api.model import EdgeKind
from scanner import scan_repository
from tests.scanner.test_evaluate import _value_of_last


def test_division_keeps_the_file_name_when_the_directory_comes_from_file(
    tmp_path: Path,
) -> None:
    code = (
        "from pathlib import Path\n"
        "BASE_DIR = Path(__file__).resolve().parent.parent\n"
        "result = BASE_DIR / 'db.sqlite3'\n"
    )
    assert _value_of_last(tmp_path, {"main.py": code}) == "db.sqlite3"


def test_join_keeps_the_written_parts_when_the_directory_is_computed(tmp_path: Path) -> None:
    code = (
        "import os\n"
        "BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\n"
        "result = os.path.join(BASE_DIR, 'data', 'app.db')\n"
    )
    assert _value_of_last(tmp_path, {"main.py": code}) == "data/app.db"


def test_division_joins_an_env_directory_when_the_path_is_built_from_one(
    tmp_path: Path,
) -> None:
    code = (
        "import os\nfrom pathlib import Path\n"
        "DATA_DIR = Path(os.getenv('DATA_DIR', '/var/data'))\n"
        "result = DATA_DIR / 'cache' / 'jobs.db'\n"
    )
    assert _value_of_last(tmp_path, {"main.py": code}) == "${DATA_DIR:-/var/data}/cache/jobs.db"


def test_division_stays_unknown_when_it_divides_numbers(tmp_path: Path) -> None:
    code = "TOTAL = 10\nresult = TOTAL / 2\n"
    assert _value_of_last(tmp_path, {"main.py": code}) == "{TOTAL / 2}"


def test_join_stays_unknown_when_the_file_name_is_computed(tmp_path: Path) -> None:
    code = "import os\nresult = os.path.join('/data', name_for(user))\n"
    assert _value_of_last(tmp_path, {"main.py": code}) == "{os.path.join('/data', name_for(user))}"


def test_django_sqlite_database_is_named_by_its_file_when_settings_use_base_dir(
    tmp_path: Path,
) -> None:
    (tmp_path / "shop" / "shop").mkdir(parents=True)
    (tmp_path / "shop" / "shop" / "__init__.py").write_text("")
    (tmp_path / "shop" / "manage.py").write_text(
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings')\n"
        "from django.core.management import execute_from_command_line\n"
        "execute_from_command_line([])\n"
    )
    (tmp_path / "shop" / "shop" / "settings.py").write_text(
        "from pathlib import Path\n"
        "BASE_DIR = Path(__file__).resolve().parent.parent\n"
        "INSTALLED_APPS = ['django.contrib.admin']\n"
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3',\n"
        "                         'NAME': BASE_DIR / 'db.sqlite3'}}\n"
    )
    graph = scan_repository(tmp_path)
    assert graph.edge("service:shop", "datastore:db.sqlite3", EdgeKind.DB) is not None
    assert "local-address" not in {d.code for d in graph.diagnostics}
