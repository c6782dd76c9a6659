from __future__ import annotations

from pathlib import Path

from catalog_api.store import default_db_path


def test_default_is_servicemap_db_variable_when_set(tmp_path: Path) -> None:
    env = {"SERVICEMAP_DB": str(tmp_path / "x.db"), "XDG_DATA_HOME": "/elsewhere"}
    assert default_db_path(env) == tmp_path / "x.db"


def test_default_is_under_xdg_data_home_when_set() -> None:
    assert default_db_path({"XDG_DATA_HOME": "/data"}) == Path("/data/servicemap/servicemap.db")


def test_default_is_under_local_share_when_xdg_unset_or_relative() -> None:
    expected = Path.home() / ".local/share/servicemap/servicemap.db"
    assert default_db_path({}) == expected
    assert default_db_path({"XDG_DATA_HOME": "relative/dir"}) == expected
