"""Django for a benchmark: a temporary working directory (and SQLite file unless a
database URL is given), settings from the environment, the schema migrated.

    from _django import bootstrap, median_ms
    bootstrap("feedback", options.database_url, TASKS_IMMEDIATE="true", pages=True)

``settings`` are environment variables set only where the caller's environment does
not set them already. ``pages=True`` lets the test client render pages: the test
environment is set up, uploaded files stay in memory and static files are linked by
name (no collected manifest is needed).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def name_installation(**settings: str) -> None:
    """The production settings (DEBUG stays off, as in production, so the installation must
    be named), plus ``settings``; each only where the environment does not set it already."""
    production = {
        "DJANGO_SETTINGS_MODULE": "motcua.settings",
        "SECRET_KEY": "bench-" + "k" * 40,
        "SITE_URL": "http://127.0.0.1:8000",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    }
    for key, value in {**production, **settings}.items():
        os.environ.setdefault(key, value)


def bootstrap(name: str, database_url: str = "", *, pages: bool = False, **settings: str) -> Path:
    workdir = Path(tempfile.mkdtemp(prefix=f"motcua-bench-{name}-"))
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["MOTCUA_VAR_DIR"] = str(workdir)
    name_installation(**settings)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    if pages:
        from django.test.utils import override_settings, setup_test_environment

        setup_test_environment()
        override_settings(
            STORAGES={
                "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            }
        ).enable()
    call_command("migrate", verbosity=0)
    return workdir


def median_ms(fn, repeat: int) -> float:
    """The median of ``repeat`` calls of ``fn``, in milliseconds."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000
