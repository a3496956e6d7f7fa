"""Settings for MotCua, read from environment variables (see docs/configuration.md)."""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from motcua.lib.env import (
    EnvError,
    env_bool,
    env_int,
    env_list,
    env_networks,
    env_str,
    env_url,
    require_env,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("MOTCUA_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)

# Production (DEBUG=false) takes the installation's identity from the environment, never
# from a default: SITE_URL is printed into every QR code and link sent to citizens, the key
# signs sessions and tokens, and ALLOWED_HOSTS is the defence against forged Host headers.
if not DEBUG:
    require_env(["SECRET_KEY|SECRET_KEY_FILE", "SITE_URL", "ALLOWED_HOSTS"], reason="DEBUG=false")


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    key_file = env_str("SECRET_KEY_FILE")
    if not key and key_file:
        try:
            key = Path(key_file).read_text().strip()
        except OSError as exc:
            raise EnvError(f"SECRET_KEY_FILE cannot be read: {exc.strerror} ({key_file})") from None
    if key:
        if len(key) < 32:
            raise EnvError("SECRET_KEY must be at least 32 characters long")
        return key
    # Only in DEBUG: a key of this checkout's own, made once.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000")
SITE_IS_HTTPS = SITE_URL.startswith("https://")
# Reverse proxies (addresses or networks) whose X-Forwarded-For and X-Forwarded-Proto are
# believed; from any other peer those headers are dropped (motcua.web.proxies).
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES", [])

INSTALLED_APPS = [
    "motcua.web.admin_site.MotcuaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "motcua.accounts",
    "motcua.catalog",
    "motcua.workdays",
    "motcua.dossiers",
    "motcua.office",
    "motcua.paperwork",
    "motcua.feedback",
    "motcua.portal",
    "motcua.reports",
    "motcua.web",
    "motcua.ops",
    "motcua.demo",
]

MIDDLEWARE = [
    "motcua.web.proxies.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "motcua" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "motcua.web.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}")
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0, minimum=0))
except Exception as exc:  # dj_database_url raises several types for a malformed URL
    raise EnvError(f"DATABASE_URL is not a valid database URL: {exc}") from None
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write
    # lock at BEGIN so two intakes never deadlock on a lock upgrade.
    _db["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20, minimum=1),
        "transaction_mode": "IMMEDIATE",
    }
    _db["TEST"] = (
        {"NAME": str(VAR_DIR / "test.sqlite3")} if env_bool("SQLITE_TEST_FILE", False) else {}
    )
elif _db["ENGINE"] == "django.db.backends.postgresql":
    pass
else:
    raise EnvError(f"DATABASE_URL must point at SQLite or PostgreSQL, got {_db['ENGINE']}")
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Dossier.Meta.indexes has a covering index for PostgreSQL; SQLite builds it without the
# included columns, as intended.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# --- Accounts -------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "motcua.accounts.backends.EmailOrPhoneBackend",
    "motcua.accounts.oidc.NationalIdentityBackend",
    "motcua.accounts.backends.RoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# The client's address as TrustedProxyMiddleware leaves it, never a header read on its own.
AXES_CLIENT_IP_CALLABLE = "motcua.web.proxies.client_address"

# Login through the national identity provider (VNeID / national portal SSO) by
# OpenID Connect (docs/accounts.md). The OIDC_* names are mozilla-django-oidc's.
OIDC_ENABLED = env_bool("OIDC_ENABLED", False)
OIDC_PROVIDER_NAME = env_str("OIDC_PROVIDER_NAME", "VNeID")
OIDC_OP_ISSUER = env_str("OIDC_OP_ISSUER")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USERINFO_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT")
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid profile email phone")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_USE_PKCE = env_bool("OIDC_USE_PKCE", True)
OIDC_TOKEN_USE_BASIC_AUTH = env_bool("OIDC_TOKEN_USE_BASIC_AUTH", False)
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT_SECONDS", 10, minimum=1, maximum=120)
OIDC_CLAIM_ID_NUMBER = env_str("OIDC_CLAIM_ID_NUMBER", "citizen_id")
OIDC_CLAIM_NAME = env_str("OIDC_CLAIM_NAME", "name")
OIDC_CLAIM_EMAIL = env_str("OIDC_CLAIM_EMAIL", "email")
OIDC_CLAIM_EMAIL_VERIFIED = env_str("OIDC_CLAIM_EMAIL_VERIFIED", "email_verified")
OIDC_CLAIM_PHONE = env_str("OIDC_CLAIM_PHONE", "phone_number")
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
if OIDC_ENABLED:
    _missing = [
        name
        for name in (
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
            "OIDC_RP_CLIENT_ID",
        )
        if not globals()[name]
    ]
    if _missing:
        raise EnvError(f"OIDC_ENABLED=true needs {', '.join(_missing)}")
    if OIDC_RP_SIGN_ALGO not in ("RS256", "RS384", "RS512", "ES256", "ES384", "ES512"):
        raise EnvError("OIDC_RP_SIGN_ALGO must be an asymmetric algorithm such as RS256")

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "motcua" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ---------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "motcua" / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"  # never served directly: files go out through views that check access
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_MB", 10, minimum=1, maximum=200) * 1024 * 1024

# --- Background tasks -----------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if env_bool("TASKS_IMMEDIATE", False)
        else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# The worker (manage.py worker) records a heartbeat this often; /healthz answers 503 when the
# newest one is older than WORKER_HEARTBEAT_MAX_SECONDS.
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 15, minimum=1)
WORKER_HEARTBEAT_MAX_SECONDS = env_int("WORKER_HEARTBEAT_MAX_SECONDS", 120, minimum=2)

# --- E-mail ---------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "MotCua <khong-tra-loi@motcua.local>")

# --- Security -------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG and SITE_IS_HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Pages are never framed by others; the staff dossier page frames its own attachment
# previews, and those views allow it (xframe_options_sameorigin).
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
_https = not DEBUG and SITE_IS_HTTPS
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _https)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if _https else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", _https)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", _https)
# /healthz is polled over plain HTTP by load balancers inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if TRUSTED_PROXIES:
    # Safe because TrustedProxyMiddleware drops the header unless a trusted proxy sent it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        # Inline style attributes are allowed (the admin uses them); scripts are not.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "object-src": [NONE],
        "frame-src": [SELF, "blob:"],
        "frame-ancestors": [SELF],
        "base-uri": [SELF],
        "form-action": [SELF],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- MotCua ---------------------------------------------------------------
# The province (or ministry) this installation serves: shown in the header.
MOTCUA_ORG_NAME = env_str("MOTCUA_ORG_NAME", "Ủy ban nhân dân tỉnh")
MOTCUA_SYSTEM_NAME = env_str(
    "MOTCUA_SYSTEM_NAME", "Hệ thống thông tin giải quyết thủ tục hành chính"
)

# Working calendar (docs/workdays.md): how waiting for a supplement counts by default
# ("restart": Decree 118 Art. 19.5; "subtract": Decision 766), and how often a process
# re-reads the calendar version to drop its cached calendars.
MOTCUA_SUPPLEMENT_CLOCK = env_str("MOTCUA_SUPPLEMENT_CLOCK", "restart")
if MOTCUA_SUPPLEMENT_CLOCK not in ("restart", "subtract"):
    raise EnvError("MOTCUA_SUPPLEMENT_CLOCK must be 'restart' or 'subtract'")
MOTCUA_CALENDAR_RECHECK_SECONDS = env_int("MOTCUA_CALENDAR_RECHECK_SECONDS", 1, minimum=0)

# Signed electronic results (docs/paperwork.md): the agency's key and certificate (PEM),
# made by `manage.py make_signing_key` when absent, and SHA-256 fingerprints of other
# certificates whose signatures the verification page accepts as trusted.
MOTCUA_SIGNING_KEY = env_str("MOTCUA_SIGNING_KEY", str(VAR_DIR / "signing" / "key.pem"))
MOTCUA_SIGNING_CERT = env_str("MOTCUA_SIGNING_CERT", str(VAR_DIR / "signing" / "cert.pem"))
MOTCUA_SIGNING_TRUSTED_FINGERPRINTS = env_list("MOTCUA_SIGNING_TRUSTED_FINGERPRINTS", [])

# Online payment (docs/portal.md): the gateway class, and the demo gateway's HMAC key
# (by default derived from SECRET_KEY).
PAYMENT_GATEWAY = env_str("PAYMENT_GATEWAY", "motcua.portal.payments.DemoGateway")
PAYMENT_DEMO_SECRET = env_str("PAYMENT_DEMO_SECRET")
