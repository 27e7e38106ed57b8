"""Lianluo settings, read from the environment (see docs/configuration.md).

Bad values fail at start-up with a message naming the variable (config.env).
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.env import (
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
    secret_from_file,
    var_dir,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = var_dir(BASE_DIR)

DEBUG = env_bool("LIANLUO_DEBUG", False)
SECRET_KEY = secret_from_file(VAR_DIR / "secret_key", env_name="LIANLUO_SECRET_KEY")
ALLOWED_HOSTS = env_list("LIANLUO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("LIANLUO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "lianluo.core",
    "lianluo.regions",
    "lianluo.accounts",
    "lianluo.deputies",
    "lianluo.stations",
    "lianluo.casework",
    "lianluo.proposals",
    "lianluo.elections",
    "lianluo.livelihood",
    "lianluo.textmine",
    "lianluo.portal",
    "lianluo.dashboard",
    "lianluo.api",
    "lianluo.seed",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lianluo.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lianluo.core.middleware.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After MessageMiddleware: ending an over-age session leaves a message for the login page.
    "lianluo.accounts.middleware.SessionPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lianluo" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lianluo.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(env_str("DATABASE_URL"), default_sqlite=VAR_DIR / "lianluo.sqlite3"),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["lianluo.accounts.backends.UsernameOrMobileBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
PASSWORD_MIN_LENGTH = env_int("LIANLUO_PASSWORD_MIN_LENGTH", 10, minimum=8, maximum=128)
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "lianluo.accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "lianluo.accounts.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Login security (等保 8.1.4.1 b): lockout and idle timeout.
LOGIN_FAILURE_LIMIT = env_int("LIANLUO_LOGIN_FAILURE_LIMIT", 5, minimum=3, maximum=20)
LOGIN_LOCKOUT_MINUTES = env_int("LIANLUO_LOGIN_LOCKOUT_MINUTES", 15, minimum=1, maximum=1440)
SESSION_IDLE_SECONDS = env_int("LIANLUO_SESSION_IDLE_SECONDS", 1800, minimum=60, maximum=86400)
SESSION_ABSOLUTE_SECONDS = env_int("LIANLUO_SESSION_ABSOLUTE_SECONDS", 8 * 3600, minimum=600, maximum=7 * 86400)
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ENGINE = "django.contrib.sessions.backends.db"
TOTP_ISSUER = env_str("LIANLUO_TOTP_ISSUER", "联络")
API_TOKEN_DAYS = env_int("LIANLUO_API_TOKEN_DAYS", 90, minimum=1, maximum=3650)

# HTTPS deployments set LIANLUO_HTTPS=1: secure cookies, HSTS, redirect.
HTTPS = env_bool("LIANLUO_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_NAME = "__Host-lianluo_session" if HTTPS else "lianluo_session"
CSRF_COOKIE_NAME = "__Host-lianluo_csrf" if HTTPS else "lianluo_csrf"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("LIANLUO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
TRUSTED_PROXY_COUNT = env_int("LIANLUO_TRUSTED_PROXY_COUNT", 0, minimum=0, maximum=5)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("LIANLUO_STATIC_ROOT") or VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "lianluo" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(VAR_DIR / "media")}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Personal data keys (SM4-GCM, HMAC-SM3) come from the master key, never from this file.
MASTER_KEY_FILE = Path(env_str("LIANLUO_MASTER_KEY_FILE") or VAR_DIR / "master.key")
CRYPTO_PROVIDER = env_str("LIANLUO_CRYPTO_PROVIDER", "lianluo.core.crypto.SoftwareCryptoProvider")

AUDIT_RETENTION_DAYS = env_int("LIANLUO_AUDIT_RETENTION_DAYS", 183, minimum=183)
# Casework: a handling unit's feedback is due this many working days after forwarding; an answered issue the
# person has not rated closes by itself this many calendar days after the answer.
LIANLUO_CASEWORK_FEEDBACK_WORKING_DAYS = env_int("LIANLUO_CASEWORK_FEEDBACK_WORKING_DAYS", 15, minimum=1, maximum=120)
LIANLUO_CASEWORK_AUTO_CLOSE_DAYS = env_int("LIANLUO_CASEWORK_AUTO_CLOSE_DAYS", 15, minimum=1, maximum=365)

# Suggestions and motions (proposals/workflow.py): local practices with the common default (RULES.md D5, E1, E5).
LIANLUO_PROPOSALS_RETURN_DAYS = env_int("LIANLUO_PROPOSALS_RETURN_DAYS", 10, minimum=1, maximum=60)
LIANLUO_PROPOSALS_RATE_DAYS = env_int("LIANLUO_PROPOSALS_RATE_DAYS", 10, minimum=1, maximum=90)
LIANLUO_PROPOSALS_REHANDLE_MONTHS = env_int("LIANLUO_PROPOSALS_REHANDLE_MONTHS", 1, minimum=1, maximum=6)
LIANLUO_PROPOSALS_COSIGN_DAYS = env_int("LIANLUO_PROPOSALS_COSIGN_DAYS", 7, minimum=1, maximum=60)
LIANLUO_PROPOSALS_REMIND_DAYS_BEFORE = env_int("LIANLUO_PROPOSALS_REMIND_DAYS_BEFORE", 15, minimum=1, maximum=60)
LIANLUO_PROPOSALS_REPLY_CLASSES = env_str("LIANLUO_PROPOSALS_REPLY_CLASSES", "")
LIANLUO_PROPOSALS_COSIGNERS_RATE = env_bool("LIANLUO_PROPOSALS_COSIGNERS_RATE", False)
LIANLUO_PROPOSALS_ASSESSMENT = env_str("LIANLUO_PROPOSALS_ASSESSMENT",
                                       "timeliness:30;contact:20;satisfaction:30;solution:20")
LIANLUO_PROPOSALS_ASSESSMENT_MIN = env_int("LIANLUO_PROPOSALS_ASSESSMENT_MIN", 3, minimum=1, maximum=1000)
LIANLUO_PROPOSALS_LETTER_OFFICE = env_str("LIANLUO_PROPOSALS_LETTER_OFFICE", "选举任免联络工作委员会")
# The 发文字号 of a 交办函 (GB/T 9704 §7.2.4: 机关代字、年份、发文顺序号), numbered per congress and year at referral.
LIANLUO_PROPOSALS_LETTER_NUMBER = env_str("LIANLUO_PROPOSALS_LETTER_NUMBER", "{region}人大联函〔{year}〕{number}号")
try:
    LIANLUO_PROPOSALS_LETTER_NUMBER.format(region="长沙县", year=2026, number=1)
except (KeyError, IndexError, ValueError) as _exc:
    raise ImproperlyConfigured("LIANLUO_PROPOSALS_LETTER_NUMBER 只能使用 {region}、{year}、{number}") from _exc

# Elections and appointments: local practices with the common default. The ballot lists candidates by surname
# strokes (姓氏笔画) or in the order of nomination; a new government submits its department heads to the standing
# committee within this many months of being elected (湖南省人事任免办法 Art 3; RULES.md D6).
LIANLUO_ELECTIONS_BALLOT_ORDER = env_str("LIANLUO_ELECTIONS_BALLOT_ORDER", "strokes")
if LIANLUO_ELECTIONS_BALLOT_ORDER not in ("strokes", "nomination"):
    raise ImproperlyConfigured("LIANLUO_ELECTIONS_BALLOT_ORDER 只能是 strokes 或 nomination")
LIANLUO_APPOINTMENT_SUBMIT_MONTHS = env_int("LIANLUO_APPOINTMENT_SUBMIT_MONTHS", 2, minimum=1, maximum=12)

# Text messages to people (core/notify.py): the log by default; a deployment names its SMS gateway's backend.
LIANLUO_NOTIFY_BACKEND = env_str("LIANLUO_NOTIFY_BACKEND", "lianluo.core.notify.LogBackend")

# The public form and query-code page (portal): rate limits per client address and per station, counted in the
# database so that they hold across every app process; the challenge's lifetime.
PORTAL_SUBMIT_LIMIT = env_int("LIANLUO_PORTAL_SUBMIT_LIMIT", 5, minimum=1, maximum=1000)
PORTAL_STATION_SUBMIT_LIMIT = env_int("LIANLUO_PORTAL_STATION_SUBMIT_LIMIT", 30, minimum=1, maximum=100000)
PORTAL_LOOKUP_LIMIT = env_int("LIANLUO_PORTAL_LOOKUP_LIMIT", 10, minimum=1, maximum=1000)
PORTAL_WINDOW_MINUTES = env_int("LIANLUO_PORTAL_WINDOW_MINUTES", 10, minimum=1, maximum=1440)
PORTAL_CHALLENGE_MINUTES = env_int("LIANLUO_PORTAL_CHALLENGE_MINUTES", 30, minimum=1, maximum=1440)
# The address the public reaches the portal at (printed on station posters), when staff use another one, e.g. an
# intranet address; empty: the address of the request that prints the poster.
LIANLUO_PUBLIC_BASE_URL = env_str("LIANLUO_PUBLIC_BASE_URL", "")

TASKS = {
    "default": {
        "BACKEND": env_str("LIANLUO_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LIANLUO_LOG_LEVEL", "INFO")},
}

if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("LIANLUO_ALLOWED_HOSTS is empty; name the host names this server answers to.")
CSRF_FAILURE_VIEW = "lianluo.core.views.csrf_failure"
# Intranet hosts are never submitted to the browsers' public HSTS preload list.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
