"""Tandem settings: one file, read from the environment.

``TANDEM_ENV=production`` makes every secret and host mandatory and turns on the
transport protections; without it the demo and the tests run with safe local
defaults and no environment of their own. A malformed value stops start-up.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TANDEM_VAR_DIR", BASE_DIR / "var"))


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from error


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [part.strip() for part in value.split(",") if part.strip()]


TANDEM_ENV = os.environ.get("TANDEM_ENV", "development")
if TANDEM_ENV not in ("development", "production"):
    raise ImproperlyConfigured("TANDEM_ENV must be development or production")
PRODUCTION = TANDEM_ENV == "production"


def required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when TANDEM_ENV=production")
    return value


def _local_secret_key() -> str:
    """A per-checkout key kept under var/, so sessions survive a demo restart."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = required("SECRET_KEY") if PRODUCTION else os.environ.get("SECRET_KEY") or ""
if not SECRET_KEY:
    SECRET_KEY = _local_secret_key()
DEBUG = envbool("DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG cannot be on when TANDEM_ENV=production")
# Demo mode: the demo Commonwealth with its known passwords may be generated.
DEMO_MODE = envbool("TANDEM_DEMO", False)
if PRODUCTION and DEMO_MODE:
    raise ImproperlyConfigured("TANDEM_DEMO cannot be on when TANDEM_ENV=production")

ALLOWED_HOSTS = (
    envlist("ALLOWED_HOSTS", [])
    if PRODUCTION
    else envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when TANDEM_ENV=production")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "django_htmx",
    "django_tasks_db",
    "ninja",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "tandem.organizations",
    "tandem.people",
    "tandem.records",
    "tandem.rubrics",
    "tandem.licensure",
    "tandem.bargaining",
    "tandem.evaluation",
    "tandem.collaboration",
    "tandem.hiring",
    "tandem.applicants",
    "tandem.selection",
    "tandem.onboarding",
    "tandem.offers",
    "tandem.induction",
    "tandem.exits",
    "tandem.learning",
    "tandem.leadership",
    "tandem.cabinets",
    "tandem.recognition",
    "tandem.newsletter",
    "tandem.reporting",
    "tandem.imports",
    "tandem.insights",
    "tandem.dashboards",
    "tandem.interop",
    "tandem.ui",
    "tandem.demo",
    "tandem.backups",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tandem.records.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "tandem.people.middleware.RequireMFAMiddleware",
    "tandem.applicants.middleware.ApplicantOnlyMiddleware",
]

ROOT_URLCONF = "tandem.urls"
WSGI_APPLICATION = "tandem.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tandem" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tandem.people.context_processors.roles",
            ],
        },
    }
]

_default_db = f"sqlite:///{VAR_DIR / 'tandem.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        required("DATABASE_URL") if PRODUCTION else os.environ.get("DATABASE_URL", _default_db),
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the single writer; IMMEDIATE takes the write
    # lock at BEGIN so two writers queue instead of failing half-way.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000; PRAGMA cache_size=-64000;"
        ),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if not PRODUCTION else 60
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TANDEM_TEST_SQLITE") or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.User"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "tandem_cache",
    }
}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
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
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# django-allauth: e-mail sign-in, no open sign-up (districts create accounts).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
# Applicant accounts (tandem.applicants) must confirm their e-mail; staff sign in as before.
ACCOUNT_ADAPTER = "tandem.applicants.adapters.ApplicantAccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Failed sign-ins are limited per account; a school's staff share one address (300 behind
# one NAT), so the per-address limits are far higher (issue 11). The account's rate comes
# first: allauth stops at the first rate refused, so tries at a limited account do not
# use up the address's.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/key,100/5m/ip",
    "login": "300/m/ip",
    "reset_password": "5/m/ip,3/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Tandem"
LOGIN_REDIRECT_URL = "home"
LOGIN_URL = "account_login"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content security policy: our own origin only; no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Tandem <tandem@localhost>")
# The address people open Tandem at, for links in e-mails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# How many days a referee's one-time link to the reference form works (issue 14).
REFERENCE_LINK_DAYS = envint("TANDEM_REFERENCE_LINK_DAYS", 14)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# What `manage.py daily_work` queues for the worker each day: each task is safe to run more
# than once a day (nothing is locked, lapsed or sent twice).
DAILY_WORK = [
    "tandem.evaluation.tasks.daily_evaluation_work",
    "tandem.offers.tasks.daily_offer_work",
    "tandem.licensure.tasks.daily_renewal_reminders",
    "tandem.collaboration.tasks.daily_team_notices",
]

LANGUAGE_CODE = "en-us"
FORMAT_MODULE_PATH = ["tandem.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

# Uploaded evidence may hold student information: it is kept outside the web root, with no
# URL of its own, and served only by views that check permission (records.files).
MEDIA_ROOT = Path(os.environ.get("TANDEM_FILES_DIR", VAR_DIR / "files"))
# `manage.py backup` writes here and keeps the newest TANDEM_BACKUP_KEEP (the demo takes one a day).
TANDEM_BACKUP_DIR = Path(os.environ.get("TANDEM_BACKUP_DIR", VAR_DIR / "backups"))
TANDEM_BACKUP_KEEP = envint("TANDEM_BACKUP_KEEP", 7)
MAX_UPLOAD_BYTES = envint("TANDEM_MAX_UPLOAD_MB", 20) * 1024 * 1024
# A district's whole staff in one file; a larger file is refused before it is read.
IMPORT_MAX_BYTES = envint("TANDEM_IMPORT_MAX_MB", 100) * 1024 * 1024
# The state equity plan's "inexperienced" teacher: fewer than this many years in the state's
# public schools (1: first-year teachers, as the 2017 update; some federal reports use 3).
INSIGHTS_INEXPERIENCED_YEARS = envint("TANDEM_INSIGHTS_INEXPERIENCED_YEARS", 1)
# Professional learning effectiveness: an offering is measured once this many completed it.
LEARNING_EFFECTIVENESS_PARTICIPANTS = envint("TANDEM_LEARNING_EFFECTIVENESS_PARTICIPANTS", 10)
# The precomputed figures are read while their last rebuild is at most this old (a day and
# two hours: the daily rebuild and its run); older, the figures are counted live.
INSIGHTS_FIGURES_MAX_AGE = envint("TANDEM_INSIGHTS_FIGURES_MAX_AGE", 26 * 3600)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Ed-Fi export (tandem.interop): Tandem's own descriptors (rating levels, plan types, periods),
# for which the Ed-Fi repositories publish no values, go out as
# <namespace>/<Name>Descriptor#<code>. A state agency running Tandem sets its own URI.
EDFI_DESCRIPTOR_NAMESPACE = os.environ.get(
    "TANDEM_EDFI_DESCRIPTOR_NAMESPACE", "uri://tandem.example.org"
).rstrip("/")

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "tandem" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not envbool("TANDEM_PLAIN_STATIC", False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# The USWDS "An official website of …" banner belongs on a government's own .gov deployment
# only: name the government ("the Commonwealth of Massachusetts") to show it. Empty: no banner
# (the demo, and any deployment not on an official domain).
OFFICIAL_SITE_OF = os.environ.get("TANDEM_OFFICIAL_SITE_OF", "")
if OFFICIAL_SITE_OF and DEMO_MODE:
    raise ImproperlyConfigured("TANDEM_OFFICIAL_SITE_OF cannot be set when TANDEM_DEMO is on")

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

NINJA_PAGINATION_PER_PAGE = 50

# The district's end-of-year EPIMS Staff Roster of evaluation results (tandem.reporting): the
# file's column headers (element codes) and the value codes written in them. Most are not
# confirmed against the EPIMS handbook (evaluation.md §7 marks them [UNVERIFIED]); the status of
# each is in docs/STATE_REPORTING.md. Read only through ``tandem.reporting.codes``.
STATE_REPORTING = {
    "elements": {
        "state_id": "MEPID",
        "last_name": "LastName",
        "first_name": "FirstName",
        "district": "DistrictCode",
        "school": "SchoolCode",
        "pts": "SR28",
        "overall": "SR29",
        "plan_type": "EvaluationPlanType",
    },
    # Standard code (the rubric's Roman numeral) → the element that carries its rating.
    "standards": {"I": "SR30", "II": "SR31", "III": "SR32", "IV": "SR33"},
    "ratings": {
        "exemplary": "01",
        "proficient": "02",
        "needs_improvement": "03",
        "unsatisfactory": "04",
    },
    "not_evaluated": "05",
    "pts": {"yes": "01", "no": "00"},
    "plan_types": {
        "self_directed": "01",
        "directed": "02",
        "developing": "03",
        "improvement": "04",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Evaluator calibration (evaluation.calibration): an evaluator's distribution of summative
# ratings is flagged when a chi-square test against the rest of the district gives a p-value
# below the threshold, and tested only from the minimum number of ratings on.
CALIBRATION_P_THRESHOLD = float(os.environ.get("TANDEM_CALIBRATION_P_THRESHOLD", "0.01"))
CALIBRATION_MINIMUM_RATINGS = envint("TANDEM_CALIBRATION_MINIMUM_RATINGS", 10)
