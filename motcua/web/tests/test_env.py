import pytest

from motcua.lib.env import EnvError, env_bool, env_int, env_list


def test_it_reads_booleans_strictly():
    assert env_bool("X", False, environ={"X": "true"}) is True
    assert env_bool("X", True, environ={"X": "0"}) is False
    assert env_bool("X", True, environ={}) is True
    with pytest.raises(EnvError, match="X must be a boolean"):
        env_bool("X", False, environ={"X": "ture"})


def test_it_reads_bounded_integers():
    assert env_int("N", 5, environ={"N": " 7 "}) == 7
    assert env_int("N", 5, environ={}) == 5
    with pytest.raises(EnvError, match="whole number"):
        env_int("N", 5, environ={"N": "7.5"})
    with pytest.raises(EnvError, match="at least 1"):
        env_int("N", 5, minimum=1, environ={"N": "0"})


def test_it_reads_lists_without_empty_items():
    assert env_list("H", ["a"], environ={"H": "x.vn, y.vn"}) == ["x.vn", "y.vn"]
    with pytest.raises(EnvError, match="empty items"):
        env_list("H", [], environ={"H": "x.vn,,y.vn"})


def test_settings_reject_a_bad_database_url(tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import motcua.settings"],
        env={
            "DEBUG": "true",
            "DATABASE_URL": "mysql://u@h/db",
            "MOTCUA_VAR_DIR": str(tmp_path),
            "PATH": "/usr/bin",
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SQLite or PostgreSQL" in result.stderr
