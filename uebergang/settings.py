"""One settings module for every environment, driven by environment variables.

Defaults give a local development or demo installation on SQLite. Production sets at least
SECRET_KEY, DEBUG=0, ALLOWED_HOSTS and DATABASE_URL (see README, "Betrieb").
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# Tests and the demo run with this placeholder; with DEBUG off the web server refuses to start with it
# and `check --deploy` fails (uebergang/accounts/checks.py): production must set SECRET_KEY.
PLACEHOLDER_SECRET_KEY = "insecure-development-key-set-SECRET_KEY-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY") or PLACEHOLDER_SECRET_KEY
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "template_partials",
    "ninja",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "uebergang.tenants",
    "uebergang.accounts",
    "uebergang.audit",
    "uebergang.network",
    "uebergang.monitoring",
    "uebergang.offerings",
    "uebergang.cases",
    "uebergang.planning",
    "uebergang.documents",
    "uebergang.quality",
    "uebergang.association",
    "uebergang.legal",
    "uebergang.notifications",
    "uebergang.api",
    "uebergang.demo",
    "uebergang.operations",
    "uebergang.jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "uebergang.accounts.middleware.SessionTimeoutMiddleware",
    "uebergang.accounts.middleware.MfaEnforcementMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "uebergang.tenants.middleware.TenantMiddleware",
    "uebergang.lib.replica.ReplicaMiddleware",
    "uebergang.lib.pagecache.PublicPageCacheMiddleware",
]

ROOT_URLCONF = "uebergang.urls"
WSGI_APPLICATION = "uebergang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "uebergang.tenants.context_processors.acting_as",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA foreign_keys=ON; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
# A PostgreSQL streaming replica (hot standby) for read-only pages: see uebergang/lib/replica.py and
# docs/operations.md ("Mehrere Rechner"). In tests the alias mirrors the default database.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["uebergang.lib.replica.ReplicaRouter"]
REPLICA_READ_VIEWS = [
    "monitoring:dashboard",
    "monitoring:export",
    "offerings:public_search",
    "offerings:finder",
    "api-hsds:*",
]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["uebergang.accounts.backends.Backend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:start"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# Sessions end after SESSION_IDLE_TIMEOUT seconds without a request and, in any case,
# SESSION_ABSOLUTE_TIMEOUT seconds after login (accounts.middleware.SessionTimeoutMiddleware).
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", str(30 * 60)))
SESSION_ABSOLUTE_TIMEOUT = int(os.environ.get("SESSION_ABSOLUTE_TIMEOUT", str(10 * 60 * 60)))
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Failed logins lock one (e-mail address, client address) pair, never a whole client address,
# so one person behind a shared proxy cannot lock out everybody else behind it.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_WINDOW = int(os.environ.get("LOGIN_FAILURE_WINDOW", str(15 * 60)))
LOGIN_LOCKOUT_SECONDS = int(os.environ.get("LOGIN_LOCKOUT_SECONDS", str(15 * 60)))
# Number of reverse proxies in front of the app whose X-Forwarded-For entries are trusted.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Demo accounts (created by manage.py demo_data) skip mandatory MFA unless this is set.
DEMO_ENFORCE_MFA = env_bool("DEMO_ENFORCE_MFA", False)
MFA_ISSUER = os.environ.get("MFA_ISSUER", "Übergang")

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Files the app writes that every app process and the task worker must see (uploads waiting for their
# import, progress of running tasks, attached documents). On one machine the project's var/; with the
# worker on its own host, a directory both mount (docs/operations.md, "Beyond one machine").
SHARED_FILES_DIR = Path(os.environ.get("SHARED_FILES_DIR", BASE_DIR / "var"))
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Tests and the demo serve static files straight from the source folders.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", True)
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Übergang <noreply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Behind a TLS-terminating reverse proxy. On by default outside DEBUG; HTTPS=0 turns it off.
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600))) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True

# Public address of the site for links in mails sent outside a request (reminders from cron), e.g.
# "https://uebergang.example.org". Empty: the first ALLOWED_HOSTS entry over HTTPS.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")

# Map background of the public offering search (Leaflet). Empty: markers on a plain background, no
# outside requests. A URL template such as "https://tiles.example.org/{z}/{x}/{y}.png" (a "{s}"
# subdomain becomes a wildcard) also lets the browser load images from that host (CSP img-src below).
OFFERINGS_MAP_TILES = os.environ.get("OFFERINGS_MAP_TILES", "").strip()
OFFERINGS_MAP_ATTRIBUTION = os.environ.get("OFFERINGS_MAP_ATTRIBUTION", "").strip()
_tiles = urlsplit(OFFERINGS_MAP_TILES)
MAP_TILE_ORIGINS = [f"{_tiles.scheme}://{_tiles.netloc.replace('{s}', '*')}"] if OFFERINGS_MAP_TILES else []

# Uploaded and imported tables (uebergang/lib/filesafety.py): the largest upload any form takes, and the
# largest table a reader opens — rows, and cells as rows × columns of a sheet's extent. Larger files are
# refused before they are parsed.
# Attached documents (evidence of reviews, …): the largest file accepted.
DOCUMENT_MAX_BYTES = int(float(os.environ.get("DOCUMENT_MAX_MB", "10")) * 1024 * 1024)
UPLOAD_MAX_BYTES = int(float(os.environ.get("UPLOAD_MAX_MB", "50")) * 1024 * 1024)
TABULAR_MAX_ROWS = int(os.environ.get("TABULAR_MAX_ROWS", "1500000"))
TABULAR_MAX_CELLS = int(os.environ.get("TABULAR_MAX_CELLS", "30000000"))

# One cache for the web processes and the worker of a host (the protection of each monitoring cohort,
# keyed by a digest of its counts, so an import that changes a cohort never meets a stale entry). Several
# hosts: a shared backend, e.g. CACHE_BACKEND=django.core.cache.backends.db.DatabaseCache with
# CACHE_LOCATION=uebergang_cache (after `manage.py createcachetable`).
CACHES = {
    "default": {
        "BACKEND": os.environ.get("CACHE_BACKEND", "django.core.cache.backends.filebased.FileBasedCache"),
        "LOCATION": os.environ.get("CACHE_LOCATION", str(BASE_DIR / "var" / "cache")),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}

# Background work (imports, checks, reports, mails) runs as tasks of django-tasks, stored in the database
# and run by the worker process `manage.py db_worker` beside the app (README, "Betrieb"). Never a thread
# of the web process: it dies with every worker restart. The tests run tasks at once (conftest.py).
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MAP_TILE_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
