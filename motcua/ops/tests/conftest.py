"""Running MotCua as a separate process, configured as an operator would configure it."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """A production environment (DEBUG off) whose files live under ``tmp_path``; the
    database is the suite's own server (``DATABASE_URL``) or a SQLite file."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "motcua.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SITE_URL": "https://motcua.example.gov.vn",
        "ALLOWED_HOSTS": "motcua.example.gov.vn",
        "MOTCUA_VAR_DIR": str(tmp_path / "var"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'motcua.sqlite3'}",
    }
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def run(env: dict[str, str], *argv: str, timeout: int = 180) -> subprocess.CompletedProcess:
    """``argv`` in a new process from the repository's root, with ``env`` only."""
    return subprocess.run(
        list(argv), env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


def manage(env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess:
    return run(env, sys.executable, str(ROOT / "manage.py"), *arguments)


def python(env: dict[str, str], code: str) -> subprocess.CompletedProcess:
    return run(env, sys.executable, "-c", code)
