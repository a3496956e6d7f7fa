"""DEBUG=false refuses to start without the installation's identity, and is secure by
default once it has it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from motcua.ops.tests.conftest import manage, production_env, python

REQUIRED = ["SECRET_KEY", "SITE_URL", "ALLOWED_HOSTS"]


def collected(env: dict[str, str]) -> dict[str, str]:
    """What ``collectstatic`` leaves for the start-up check: the manifest."""
    static = Path(env["STATIC_ROOT"])
    static.mkdir(parents=True, exist_ok=True)
    (static / "staticfiles.json").write_text(json.dumps({"paths": {}, "version": "1.1"}))
    return env


@pytest.mark.parametrize("missing", REQUIRED)
def test_production_refuses_to_start_without_each_setting(tmp_path, missing):
    env = production_env(tmp_path, **{missing: None})
    result = manage(env, "check")
    assert result.returncode != 0
    assert missing in result.stderr
    assert "chưa đặt biến môi trường" in result.stderr  # Vietnamese
    assert "must be set explicitly in production" in result.stderr  # and English
    assert "Traceback" not in result.stderr  # one clear message


def test_an_empty_value_counts_as_missing(tmp_path):
    result = manage(production_env(tmp_path, SITE_URL=""), "check")
    assert result.returncode != 0 and "SITE_URL" in result.stderr


def test_the_key_may_come_from_a_file(tmp_path):
    key = tmp_path / "secret_key"
    key.write_text("f" * 50 + "\n")
    env = collected(production_env(tmp_path, SECRET_KEY=None, SECRET_KEY_FILE=str(key)))
    assert manage(env, "check").returncode == 0
    env["SECRET_KEY_FILE"] = str(tmp_path / "missing")
    result = manage(env, "check")
    assert result.returncode != 0 and "SECRET_KEY_FILE cannot be read" in result.stderr


def test_a_malformed_site_url_is_refused(tmp_path):
    result = manage(production_env(tmp_path, SITE_URL="motcua.example.gov.vn"), "check")
    assert result.returncode != 0 and "SITE_URL must be an absolute" in result.stderr


def test_the_deployment_check_is_clean_with_https(tmp_path):
    env = collected(production_env(tmp_path))
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_the_server_refuses_to_start_before_static_files_are_collected(tmp_path):
    env = production_env(tmp_path)
    result = python(env, "import motcua.wsgi")
    assert result.returncode != 0
    assert "collectstatic" in result.stderr
    result = python(collected(env), "import motcua.wsgi")
    assert result.returncode == 0, result.stderr


def test_https_settings_follow_the_site_url(tmp_path):
    probe = (
        "from django.conf import settings as s; import json; print(json.dumps(["
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE,"
        "s.CSRF_COOKIE_SECURE, 'testserver' in s.ALLOWED_HOSTS]))"
    )
    result = python(production_env(tmp_path), f"import django; django.setup(); {probe}")
    assert json.loads(result.stdout) == [True, 31_536_000, True, True, False]
    debug = production_env(
        tmp_path, DEBUG="true", SECRET_KEY=None, SITE_URL=None, ALLOWED_HOSTS=None
    )
    result = python(debug, f"import django; django.setup(); {probe}")
    # DEBUG: plain HTTP on this machine, and no test-only host name.
    assert json.loads(result.stdout) == [False, 0, False, False, False]
