"""Reassigned names and items: each read sees the assignments that reach it, not the last one."""

from __future__ import annotations

from pathlib import Path

import libcst as cst

from scanner.evaluate import Evaluator
from scanner.index import build_index
from scanner.modules import ModuleLoader
from scanner.symbolic import value_of


def _sent(tmp_path: Path, code: str, files: dict[str, str] | None = None) -> list[str]:
    """The value of the first argument of every ``get(...)`` call in ``main.py``, in order."""
    for rel, text in {"main.py": code, **(files or {})}.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    loader = ModuleLoader(tmp_path, ["main.py", *(files or {})])
    ctx = loader.load("main.py")
    assert ctx is not None
    calls = [c for c in ctx.index.calls["get"] if isinstance(c.func, cst.Name)]
    ev = Evaluator(loader)
    return [value_of(ev, ctx, call.args[0].value).render() for call in calls]


def test_each_call_sees_the_assignment_before_it_when_a_local_is_reassigned(
    tmp_path: Path,
) -> None:
    code = (
        "def home():\n"
        "    url = 'http://a:80/x'\n"
        "    get(url)\n"
        "    url = 'http://b:80/y'\n"
        "    get(url)\n"
    )
    assert _sent(tmp_path, code) == ["http://a:80/x", "http://b:80/y"]


def test_both_arms_are_a_choice_when_an_if_assigns_in_each(tmp_path: Path) -> None:
    code = (
        "def home(flag):\n"
        "    url = 'http://z'\n"
        "    if flag:\n"
        "        url = 'http://a'\n"
        "    else:\n"
        "        url = 'http://b'\n"
        "    get(url)\n"
    )
    assert _sent(tmp_path, code) == ["{http://a|http://b}"]


def test_the_earlier_value_stays_possible_when_only_one_arm_reassigns(tmp_path: Path) -> None:
    code = (
        "def home(flag):\n"
        "    url = 'http://z'\n"
        "    if flag:\n"
        "        url = 'http://a'\n"
        "    get(url)\n"
    )
    assert _sent(tmp_path, code) == ["{http://z|http://a}"]


def test_an_arm_that_returns_does_not_reach_later_reads_when_it_reassigns(
    tmp_path: Path,
) -> None:
    code = (
        "def home(flag):\n"
        "    url = 'http://z'\n"
        "    if flag:\n"
        "        url = 'http://a'\n"
        "        return get(url)\n"
        "    get(url)\n"
    )
    assert _sent(tmp_path, code) == ["http://a", "http://z"]


def test_each_try_block_sees_its_own_value_when_handlers_do_not_assign(tmp_path: Path) -> None:
    code = (
        "def home():\n"
        "    try:\n"
        "        url = 'http://a'\n"
        "        get(url)\n"
        "    except ValueError:\n"
        "        pass\n"
        "    try:\n"
        "        url = 'http://b'\n"
        "        get(url)\n"
        "    except ValueError:\n"
        "        pass\n"
    )
    assert _sent(tmp_path, code) == ["http://a", "http://b"]


def test_the_previous_iteration_reaches_the_top_of_a_loop_when_the_body_reassigns(
    tmp_path: Path,
) -> None:
    code = (
        "def poll(items):\n"
        "    url = 'http://first'\n"
        "    for item in items:\n"
        "        get(url)\n"
        "        url = 'http://next'\n"
    )
    assert _sent(tmp_path, code) == ["{http://first|http://next}"]


def test_a_reassigned_parameter_reads_its_argument_when_the_value_trims_it(
    tmp_path: Path,
) -> None:
    code = (
        "def fetch(base):\n"
        "    base = base.rstrip('/')\n"
        "    get(base + '/orders')\n"
        "fetch('http://orders:8000/')\n"
    )
    assert _sent(tmp_path, code) == ["http://orders:8000/orders"]


def test_augmented_addition_extends_the_value_when_a_url_is_built_in_steps(
    tmp_path: Path,
) -> None:
    code = (
        "def home(oid):\n"
        "    url = 'http://orders:8000'\n"
        "    url += '/orders/'\n"
        "    url = url + oid\n"
        "    get(url)\n"
    )
    assert _sent(tmp_path, code) == ["http://orders:8000/orders/{oid}"]


def test_a_loop_target_is_unknown_when_it_rebinds_an_assigned_name(tmp_path: Path) -> None:
    code = (
        "def home(urls):\n"
        "    url = 'http://a'\n"
        "    url = 'http://b'\n"
        "    for url in urls:\n"
        "        get(url)\n"
    )
    assert _sent(tmp_path, code) == ["{url}"]


def test_a_closure_reads_the_last_assignment_when_it_runs_after_its_factory(
    tmp_path: Path,
) -> None:
    code = (
        "def create_app():\n"
        "    url = 'http://a'\n"
        "    def view():\n"
        "        return get(url)\n"
        "    url = 'http://b'\n"
        "    return view\n"
    )
    assert _sent(tmp_path, code) == ["http://b"]


def test_module_reads_follow_top_level_order_when_a_module_name_is_rewritten(
    tmp_path: Path,
) -> None:
    code = (
        "import os\n"
        "URL = os.environ['DATABASE_URL']\n"
        "get(URL)\n"
        "URL = 'sqlite:///x.db'\n"
        "get(URL)\n"
        "def later():\n"
        "    return get(URL)\n"
    )
    assert _sent(tmp_path, code) == ["${DATABASE_URL}", "sqlite:///x.db", "sqlite:///x.db"]


def test_flask_config_items_are_read_in_views_when_the_factory_sets_them_after(
    tmp_path: Path,
) -> None:
    code = (
        "import os\n"
        "def create_app():\n"
        "    app = Flask(__name__)\n"
        "    def view():\n"
        "        return get(app.config['ORDERS'])\n"
        "    app.config['ORDERS'] = 'http://{}/orders'.format(os.environ.get('ORDERS_ADDR'))\n"
        "    return app\n"
    )
    assert _sent(tmp_path, code) == ["http://${ORDERS_ADDR}/orders"]


def test_item_reads_see_the_nearest_store_when_a_key_is_set_twice(tmp_path: Path) -> None:
    code = (
        "CONFIG = {'db': {'url': 'http://a'}, 'x': 'http://x'}\n"
        "get(CONFIG['x'])\n"
        "CONFIG['x'] = 'http://y'\n"
        "get(CONFIG['x'])\n"
        "CONFIG['db']['url'] = 'http://b'\n"
        "get(CONFIG['db']['url'])\n"
        "settings = {}\n"
        "settings[\"X\"] = 'http://s1'\n"
        "get(settings['X'])\n"
        "settings['X'] = 'http://s2'\n"
        "get(settings['X'])\n"
    )
    expected = ["http://x", "http://y", "http://b", "http://s1", "http://s2"]
    assert _sent(tmp_path, code) == expected


def test_an_item_of_another_receiver_stays_unknown_when_only_a_different_base_stores_it(
    tmp_path: Path,
) -> None:
    code = (
        "def configure(app):\n"
        "    app.config['A'] = 'http://a'\n"
        "def other(app):\n"
        "    app.config['A'] = 'http://b'\n"
        "def view(current_app):\n"
        "    get(current_app.config['A'])\n"
        "    get(app.config['A'])\n"
    )
    assert _sent(tmp_path, code) == ["{current_app.config['A']}", "{app.config['A']}"]


def test_one_value_written_everywhere_is_read_when_stores_are_in_sibling_functions(
    tmp_path: Path,
) -> None:
    code = (
        "def configure(app):\n"
        "    app.config['A'] = 'http://a'\n"
        "def view(app):\n"
        "    get(app.config['A'])\n"
    )
    assert _sent(tmp_path, code) == ["http://a"]


def test_names_are_tracked_only_when_assigned_again_in_the_same_scope() -> None:
    index = build_index(
        cst.parse_module(
            "A = 1\nB = 1\nB = 2\n"
            "def f(p):\n    x = 1\n    y = 1\n    y = 2\n    p = p + 1\n"
            "cfg['k'] = 1\ncfg['k'] = 2\napp.config['j'] = 1\n"
        )
    )
    assert index.tracked == {"B", "cfg['k']", "app.config['j']"}  # items: always
    assert index.functions["f"].tracked == {"y", "p"}
    assert list(index.items) == ["cfg['k']", "app.config['j']"]


def test_a_none_placeholder_is_no_option_when_a_branch_assigns_the_address(
    tmp_path: Path,
) -> None:
    code = (
        "def home(flag):\n"
        "    url = None\n"
        "    if flag:\n"
        "        url = 'http://a'\n"
        "    get(url)\n"
        "    for i in range(3):\n"
        "        get(url)\n"
    )
    assert _sent(tmp_path, code) == ["http://a", "http://a"]


def test_the_client_is_followed_when_a_none_placeholder_also_reaches_the_call(
    tmp_path: Path,
) -> None:
    code = (
        "import redis\n"
        "def f(flag):\n"
        "    r = redis.Redis(host='cache')\n"
        "    if flag:\n"
        "        r = None\n"
        "    r.set('k', 1)\n"
    )
    (tmp_path / "main.py").write_text(code)
    loader = ModuleLoader(tmp_path, ["main.py"])
    ctx = loader.load("main.py")
    assert ctx is not None
    call = ctx.index.calls["set"][0]
    assert isinstance(call.func, cst.Attribute)
    made = Evaluator(loader).origin(ctx, call.func.value)
    assert made is not None and ctx.code(made[1]) == "redis.Redis(host='cache')"


def test_nested_dict_literals_are_read_when_settings_keep_urls_by_section(
    tmp_path: Path,
) -> None:
    code = (
        "DB = {'host': 'orders-db'}\n"
        "CONFIG = {'services': {'orders': 'http://orders:8000'}, 'db': DB}\n"
        "get(CONFIG['services']['orders'])\n"
        "get(CONFIG['db']['host'])\n"
        "get(CONFIG['services']['missing'])\n"
    )
    expected = ["http://orders:8000", "orders-db", "{CONFIG['services']['missing']}"]
    assert _sent(tmp_path, code) == expected
