"""Settings for Mozaïek Veilig.

One module for every environment: each deploy-time choice comes from an environment
variable, with defaults that make `make run` work on a laptop (SQLite, DEBUG on).
"""

import datetime
import os
import sys
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# The test suite runs with production-like settings; it differs only where it must
# (a fixed key, no HTTPS redirect for the test client, a fast password hasher).
TESTING = "pytest" in sys.modules

DEBUG = envbool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    "dev-only-insecure-key-set-SECRET_KEY-in-production" if DEBUG or TESTING else ""
)
# With DEBUG off and no SECRET_KEY the key stays empty: management commands that need no key
# (migrate, collectstatic) still run, but anything that signs (sessions, logins, password
# resets) fails with ImproperlyConfigured, so production cannot serve users without one.

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "guardian",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "two_factor",
    "axes",
    "accounts",
    "protocol",
    "cases",
    "reporting",
    "confidential",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above the session: its headers land on every response, including lockouts and redirects.
    "accounts.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Gives the history of incidents and cases the user who made each change.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "accounts.middleware.TwoFactorEnforcementMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a recorded lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mozaiek.urls"
WSGI_APPLICATION = "mozaiek.wsgi.application"

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
                "accounts.context_processors.roles",
                "confidential.context_processors.inbox",
                "cases.reminders.context_processors.notifications",
            ],
        },
    },
]

if "DATABASE_URL" not in os.environ:
    (BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses every password check for a locked-out username before it is even tried.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row

# Two-factor login (django-two-factor-auth over django-otp): an authenticator app (TOTP) plus
# single-use backup codes. No SMS or phone calls: nothing leaves the school's server.
# IB, directie, coordinator and aanspreekpersoon must use it (accounts.services.
# user_requires_two_factor); teachers only when this is on.
TWO_FACTOR_REQUIRED_FOR_TEACHERS = envbool("TWO_FACTOR_FOR_TEACHERS", False)
TWO_FACTOR_ISSUER = os.environ.get("TWO_FACTOR_ISSUER", "Mozaïek Veilig")
TWO_FACTOR_QR_FACTORY = "qrcode.image.svg.SvgPathImage"
TWO_FACTOR_REMEMBER_COOKIE_AGE = None  # never skip the code step on a "trusted" browser
TWO_FACTOR_BACKUP_CODE_COUNT = 10
# How long a password entered at login or on the confirm-password page allows changing the
# two-factor device or its backup codes.
REAUTHENTICATION_MAX_AGE = envint("REAUTHENTICATION_MAX_AGE", 5 * 60)
OTP_TOTP_ISSUER = TWO_FACTOR_ISSUER

# Login lockout (django-axes), counted per USERNAME only: the whole school shares one internet
# address, so one teacher's typos must never lock out colleagues. After AXES_FAILURE_LIMIT wrong
# passwords that username is refused for AXES_COOLOFF_TIME; a successful login resets the count.
# Unlock early: `manage.py axes_reset_username <username>` (or accounts.services.user_unlock).
AXES_ENABLED = envbool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 warns that this does not count per address. That is the point: counting per address
# would lock the whole school out. Guessing one password across many usernames is held back by
# the password rules (12+ characters, no common passwords) and the second factor.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# The two-factor login form prefixes its fields ("auth-username"); this reads either form.
AXES_USERNAME_CALLABLE = "accounts.security.axes_username"
AXES_RESET_ON_SUCCESS = True
# Failures while locked do not extend the lock, so the lockout page can promise a time.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Uploaded evidence lives outside the static root and is served only through views
    # that check who may see the incident (there is no MEDIA_URL route).
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ.get("MEDIA_ROOT", str(BASE_DIR / "var" / "media"))},
    },
    # Hashed, compressed files need `collectstatic` first; development and tests serve the
    # files as they are.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = STORAGES["default"]["OPTIONS"]["location"]

ATTACHMENT_MAX_BYTES = envint("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)

# Repeated involvement (§11.2 "herhaalde incidenten"): a pupil involved in this many incidents
# within this many school weeks is shown on the weekoverzicht and notified to the coordinator
# and the directie.
REPEAT_INVOLVEMENT_INCIDENTS = envint("REPEAT_INVOLVEMENT_INCIDENTS", 3)
REPEAT_INVOLVEMENT_SCHOOL_WEEKS = envint("REPEAT_INVOLVEMENT_SCHOOL_WEEKS", 8)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"


# Security: secure by default whenever DEBUG is off.
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
# A session ends 12 hours after login however active it is (SESSION_COOKIE_AGE, enforced by
# accounts.middleware.SessionTimeoutMiddleware because every request renews the cookie) and
# after SESSION_IDLE_TIMEOUT seconds without a request.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 12 * 60 * 60)
SESSION_IDLE_TIMEOUT = envint("SESSION_IDLE_TIMEOUT", 30 * 60)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG and not TESTING)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
# Preloading is the domain owner's commitment for a whole registrable domain, while a school
# usually serves this app on a subdomain of its own site: opt in with SECURE_HSTS_PRELOAD=1.
SILENCED_SYSTEM_CHECKS.append("security.W021")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sent on every response by accounts.middleware.SecurityHeadersMiddleware. No inline script or
# style anywhere: JavaScript lives in static/js, styling in static/css.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# Behind a reverse proxy, the client's address and scheme come from the headers it sets.
BEHIND_PROXY = envbool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Rate limits of the public confidential report pages, per client address.
CONFIDENTIAL_REPORTS_PER_HOUR = envint("CONFIDENTIAL_REPORTS_PER_HOUR", 5)
# Follow-up codes: only wrong ones count, per address and per address and first two symbols
# (see confidential/ratelimit.py for why a correct code still gets through).
CONFIDENTIAL_LOOKUPS_PER_15_MINUTES = envint("CONFIDENTIAL_LOOKUPS_PER_15_MINUTES", 10)
CONFIDENTIAL_CODE_PREFIX_FAILURES_PER_15_MINUTES = envint(
    "CONFIDENTIAL_CODE_PREFIX_FAILURES_PER_15_MINUTES", 5
)
CONFIDENTIAL_MESSAGES_PER_HOUR = envint("CONFIDENTIAL_MESSAGES_PER_HOUR", 30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # WeasyPrint reports every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes narrates every login at INFO; failures and lockouts come at WARNING.
        "axes": {"level": os.environ.get("AXES_LOG_LEVEL", "WARNING")},
    },
}


# --- Reminders: Celery, Redis and email ------------------------------------------------------
# With REDIS_URL, Celery hands tasks to a worker through Redis. Without it (`make run`), every
# task runs in-process (eager) and `manage.py send_reminders` runs the same sweep from cron.
# Nothing waits in Redis: reminders are rows in the database, and each sweep finds what is due.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL or TESTING  # tests/integration uses a real worker
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A save hands its work over after commit; with Redis down the hand-over must fail fast
# (the next sweep finds the work in the database), not keep a teacher waiting.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 3, "socket_timeout": 10}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BEAT_SCHEDULE_FILENAME = os.environ.get(
    "CELERY_BEAT_SCHEDULE_FILENAME", str(BASE_DIR / "var" / "celerybeat-schedule")
)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "mozaiek-veilig@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)  # implicit TLS, usually port 465
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", not EMAIL_USE_SSL)  # STARTTLS, usually port 587
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_SUBJECT_PREFIX = "[Mozaïek Veilig] "

# A send claimed longer ago than this is taken to have died with its worker.
REMINDER_CLAIM_TIMEOUT_MINUTES = envint("REMINDER_CLAIM_TIMEOUT_MINUTES", 10)
# Yearly monitoring (protocol §12.1) and the four-yearly evaluation of the protocol (§12):
# the day (dd-mm) the coordinator is reminded, and the year the protocol was last evaluated.
SAFETY_MONITOR_REMIND_ON = os.environ.get("SAFETY_MONITOR_REMIND_ON", "01-03")
PROTOCOL_EVALUATION_REMIND_ON = os.environ.get("PROTOCOL_EVALUATION_REMIND_ON", "01-06")
PROTOCOL_EVALUATED_IN = envint("PROTOCOL_EVALUATED_IN", 2026)
# The school's aandachtsfunctionaris for the meldcode huiselijk geweld en kindermishandeling
# (name and how to reach them), named in the notice that signals of a pupil call for attention.
MELDCODE_AANDACHTSFUNCTIONARIS = os.environ.get("MELDCODE_AANDACHTSFUNCTIONARIS", "")
# Retention (AVG art. 5): how long records are kept before the monthly run anonymises or
# deletes them, once the directie has confirmed each policy (cases/privacy/).
RETENTION_PUPIL_YEARS = envint("RETENTION_PUPIL_YEARS", 2)
RETENTION_CONFIDENTIAL_YEARS = envint("RETENTION_CONFIDENTIAL_YEARS", 1)
RETENTION_ACCESS_LOG_DAYS = envint("RETENTION_ACCESS_LOG_DAYS", 730)
RETENTION_LOGIN_ATTEMPTS_DAYS = envint("RETENTION_LOGIN_ATTEMPTS_DAYS", 180)
# The load balancer's and compose's health check asks over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The test database is a file, not memory, so that a Celery worker or gunicorn started
    # by an integration test sees the rows the test wrote.
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test-db.sqlite3")}
# --- end of reminders ------------------------------------------------------------------------
