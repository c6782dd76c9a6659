"""``a if test else b`` as a value: the branch a "is it set" test picks, else both."""

from __future__ import annotations

from pathlib import Path

from tests.scanner.test_evaluate import _value_of_last


def test_unset_env_value_takes_the_other_branch_as_default_when_the_test_checks_it(
    tmp_path: Path,
) -> None:
    code = (
        "import os\nvalue = os.getenv('BROKER_URL')\nresult = value if value else 'amqp://rabbit'\n"
    )
    assert _value_of_last(tmp_path, {"main.py": code}) == "${BROKER_URL:-amqp://rabbit}"


def test_negated_test_selects_the_else_branch_when_it_holds_the_env_value(
    tmp_path: Path,
) -> None:
    code = (
        "import os\n"
        "url = os.environ.get('SEARCH_URL')\n"
        "result = 'http://es:9200' if url is None else url\n"
    )
    assert _value_of_last(tmp_path, {"main.py": code}) == "${SEARCH_URL:-http://es:9200}"


def test_parameter_left_at_none_gives_the_fallback_when_the_call_omits_it(
    tmp_path: Path,
) -> None:
    code = (
        "def base(url=None):\n"
        "    return url if url else 'http://users:8000'\n"
        "A = base('http://given:1')\n"
        "result = base()\n"
    )
    assert _value_of_last(tmp_path, {"main.py": code}) == "http://users:8000"


def test_parameter_given_a_literal_keeps_it_when_the_test_checks_it(tmp_path: Path) -> None:
    code = (
        "def base(url=None):\n"
        "    return url if url is not None else 'http://users:8000'\n"
        "A = base()\n"
        "result = base('http://given:1')\n"
    )
    assert _value_of_last(tmp_path, {"main.py": code}) == "http://given:1"


def test_both_branches_become_a_choice_when_the_test_is_about_something_else(
    tmp_path: Path,
) -> None:
    code = (
        "DEBUG = False\n"
        "result = 'http://localhost:8000' if DEBUG == True else 'http://orders:8000'\n"
    )
    rendered = _value_of_last(tmp_path, {"main.py": code})
    assert rendered == "{http://localhost:8000|http://orders:8000}"


def test_unknown_branches_stay_one_unknown_when_neither_can_be_followed(tmp_path: Path) -> None:
    code = "result = make_a() if flag() else make_b()\n"
    assert _value_of_last(tmp_path, {"main.py": code}) == "{make_a() if flag() else make_b()}"
