"""Settings for the test suite: the real settings with fast, deterministic services."""

import os

os.environ.setdefault("TASKS_IMMEDIATE", "true")
# The suite runs with DEBUG off, as production does, so it names the installation like one.
os.environ.setdefault("SECRET_KEY", "test-" + "k" * 40)
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

from motcua.settings import *  # noqa: E402,F403
from motcua.settings import VAR_DIR  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = VAR_DIR / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
LANGUAGE_CODE = "vi"
# Tests roll back calendar changes: re-read the calendar version on every use.
MOTCUA_CALENDAR_RECHECK_SECONDS = 0
