"""String methods on symbolic values: run on known text, kept honest on unknown parts."""

from __future__ import annotations

from pathlib import Path

from scanner.evaluate import Evaluator
from scanner.modules import ModuleLoader
from scanner.symbolic import value_of


def _value(tmp_path: Path, expression: str) -> str:
    """The rendered value of ``result = <expression>`` in a module that imports ``os``."""
    (tmp_path / "main.py").write_text(
        f"import os\nBASE = os.environ['BASE']\nresult = {expression}\n"
    )
    loader = ModuleLoader(tmp_path, ["main.py"])
    ctx = loader.load("main.py")
    assert ctx is not None
    return value_of(Evaluator(loader), ctx, ctx.index.assigns["result"]).render()


def test_replace_runs_on_the_text_when_the_value_is_known(tmp_path: Path) -> None:
    code = "'postgresql://db/orders'.replace('postgresql://', 'postgresql+asyncpg://', 1)"
    assert _value(tmp_path, code) == "postgresql+asyncpg://db/orders"


def test_a_scheme_rewrite_keeps_env_parts_when_the_url_comes_from_the_environment(
    tmp_path: Path,
) -> None:
    code = "os.getenv('DB', 'postgres://localhost/x').replace('postgres://', 'postgresql://')"
    assert _value(tmp_path, code) == "${DB:-postgresql://localhost/x}"


def test_replace_is_unknown_when_its_pattern_may_be_inside_an_env_value(tmp_path: Path) -> None:
    assert _value(tmp_path, "BASE.replace('localhost', 'db')") == (
        "{BASE.replace('localhost', 'db')}"
    )


def test_rstrip_trims_the_literal_end_when_a_base_url_has_a_trailing_slash(
    tmp_path: Path,
) -> None:
    assert _value(tmp_path, "'http://a:1/'.rstrip('/') + '/x'") == "http://a:1/x"
    assert _value(tmp_path, "(BASE + '/api/').rstrip('/') + '/x'") == "${BASE}/api/x"
    assert _value(tmp_path, "' http://a '.strip()") == "http://a"
    assert _value(tmp_path, "'http://a/v1'.removesuffix('/v1')") == "http://a"


def test_case_changes_apply_to_literal_parts_when_the_rest_is_symbolic(tmp_path: Path) -> None:
    assert _value(tmp_path, "('HTTP://' + BASE).lower()") == "http://${BASE}"


def test_format_fills_a_template_around_env_parts_when_it_comes_from_an_f_string(
    tmp_path: Path,
) -> None:
    code = "f'{BASE}/orders/{{oid}}'.format(oid=7)"
    assert _value(tmp_path, code) == "${BASE}/orders/7"
    assert _value(tmp_path, "'http://{0}:{port}/'.format('a', port=80)") == "http://a:80/"


def test_join_builds_a_url_when_the_separator_and_the_list_are_written(tmp_path: Path) -> None:
    assert _value(tmp_path, "'/'.join([BASE, 'api', 'v1'])") == "${BASE}/api/v1"
    assert _value(tmp_path, "'/'.join(parts)") == "{'/'.join(parts)}"
