"""SEND Portal settings. Everything that differs between machines comes from the environment.

Every variable read here is listed, with its default, in the README's configuration table.
A `.env` file at the project root is read too, for convenience on a developer's machine.
"""

import re
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

# A development key is only acceptable while DEBUG: a production deployment must bring its own.
_DEV_SECRET_KEY = "django-insecure-development-only-send-portal-key-not-for-real-use"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment (or DEBUG=true to develop).")
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
# Record ids in URLs are encrypted with this (core.public_ids); empty means "from SECRET_KEY".
# Set it to keep links in old emails working whatever happens to SECRET_KEY.
PUBLIC_ID_KEY = env.str("PUBLIC_ID_KEY", default="")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

COUNCIL_NAME = env.str("COUNCIL_NAME", default="Demo Borough Council")
SERVICE_NAME = env.str("SERVICE_NAME", default="SEND Portal")
# The council's details printed in letters (letters.values); each contact is a name and how to
# reach it, as the family should read it. Blank ones print blank: set them before going live.
LETTERS_SERVICE_NAME = env.str("LETTERS_SERVICE_NAME", default="SEND Team")
LETTERS_ADDRESS = env.str("LETTERS_ADDRESS", default="")
LETTERS_PHONE = env.str("LETTERS_PHONE", default="")
LETTERS_EMAIL = env.str("LETTERS_EMAIL", default="")
LETTERS_LOCAL_OFFER_URL = env.str("LETTERS_LOCAL_OFFER_URL", default="")
LETTERS_INFORMATION_SERVICE = env.str("LETTERS_INFORMATION_SERVICE", default="")
LETTERS_MEDIATION_SERVICE = env.str("LETTERS_MEDIATION_SERVICE", default="")
LETTERS_DISAGREEMENT_SERVICE = env.str("LETTERS_DISAGREEMENT_SERVICE", default="")
# Posted through GOV.UK Notify: first class, as a statutory notice starts the family's clock.
LETTERS_POSTAGE = env.str("LETTERS_POSTAGE", default="first")
# The council's three-digit DfE local authority code, used in UPNs, SEN2 and reports.
LA_CODE = env.str("LA_CODE", default="999")

INSTALLED_APPS = [
    # The admin site, as one that wants a verified second factor (accounts.admin_site).
    "accounts.admin_config.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "django_filters",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "core",
    "accounts",
    "cases",
    "plans",
    "placements",
    "reporting",
    "records",
    "letters",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "send_portal.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "accounts.kept_forms.KeepFormsSentSignedOutMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "send_portal.null_characters.RejectNullCharactersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "send_portal.urls"
WSGI_APPLICATION = "send_portal.wsgi.application"

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
                "send_portal.context_processors.portal",
                "accounts.context_processors.session_timeout",
            ],
            # `|date_time` on every page and email without a {% load %}: one way to write a
            # moment, as `|date` is one way to write a day (FORMAT_MODULE_PATH below).
            "builtins": ["core.templatetags.dates"],
        },
    },
]

DATABASE_URL = env.str("DATABASE_URL", default="")
DATABASES = {"default": env.db_url_config(DATABASE_URL or f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if not DATABASE_URL:
    VAR_DIR.mkdir(exist_ok=True)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A PostgreSQL that takes connections but never answers (hung) fails a new connection in
    # 5 s, and the server cancels any statement running longer than DB_STATEMENT_TIMEOUT_MS (a
    # lock never released, a runaway query): the page answers 503 well before gunicorn's 60 s.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
    # JIT compiles the reports' large aggregates for longer than they then take to run.
    DATABASES["default"]["OPTIONS"].setdefault(
        "options",
        f"-c jit=off -c statement_timeout={env.int('DB_STATEMENT_TIMEOUT_MS', default=30_000)}",
    )
else:
    # SQLite has no covering indexes: it keeps their key columns and drops INCLUDE, as intended.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    # First, as django-axes asks: it refuses a locked-out sign-in before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in security (accounts.middleware, accounts.two_factor, accounts.throttle). Failed sign-ins
# are counted per account (from any address) and per address (for any account); past a limit each
# further attempt must wait SIGNIN_DELAY, doubling with each failure up to SIGNIN_DELAY_CAP. A run
# of failures is forgotten SIGNIN_FORGET_AFTER after its last one. The account's owner is
# emailed a link that lifts its pause at once, valid for SIGNIN_UNLOCK_MINUTES.
SIGNIN_ACCOUNT_LIMIT = env.int("SIGNIN_ACCOUNT_LIMIT", default=5)
SIGNIN_ADDRESS_LIMIT = env.int("SIGNIN_ADDRESS_LIMIT", default=30)
SIGNIN_DELAY = timedelta(seconds=env.int("SIGNIN_DELAY_SECONDS", default=30))
SIGNIN_DELAY_CAP = timedelta(minutes=env.int("SIGNIN_DELAY_CAP_MINUTES", default=15))
SIGNIN_FORGET_AFTER = timedelta(hours=env.int("SIGNIN_FORGET_HOURS", default=1))
SIGNIN_UNLOCK_MINUTES = env.int("SIGNIN_UNLOCK_MINUTES", default=60)
# django-axes records every attempt (AccessAttempt, AccessLog, AccessFailureLog in the admin
# site) but locks nobody out: its lock is per username at one address, which a colleague behind
# the same council NAT could hold shut, and which guessing from many addresses walks around.
AXES_LOCK_OUT_AT_FAILURE = False
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Axes' log lines name who tried from where: mask both (the password is always masked).
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password"]
# How many proxies of ours append to X-Forwarded-For in front of the app (0: none, the client's
# address is REMOTE_ADDR). Behind a proxy it must be set, or every user has the proxy's address
# and shares one per-address limit: accounts.checks refuses BEHIND_TLS_PROXY without it.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip_address"

# Two-factor sign-in is required of these roles (and of anyone with access to the admin site)
# in every environment: deliberately not read from the environment. Anyone else may opt in.
TWO_FACTOR_ROLES = (
    "Team manager",
    "Head of service",
    "Administrator",
    "Data protection officer",
)
OTP_TOTP_ISSUER = f"{SERVICE_NAME} {COUNCIL_NAME}"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a device's secret
# Wrong codes are limited per account by accounts.throttle (accounts.two_factor.verify), which
# lets a code typed right after a typo through; django-otp's own throttle would refuse it.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
# Signed out after this many minutes without a request; SESSION_COOKIE_AGE is the most a
# sign-in lasts however busy the user is.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
# The timeout warning (static/js/timeout-warning.js) shows this long before the sign-in ends,
# as the GOV.UK timeout warning pattern advises: 2 minutes.
SESSION_WARNING_SECONDS = env.int("SESSION_WARNING_SECONDS", default=120)
# Password reset links last an hour.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60)

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English")]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# "4 December 2026" wherever a template writes {{ day|date }} (send_portal/formats/en_GB).
FORMAT_MODULE_PATH = ["send_portal.formats"]

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "staticfiles")
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
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Uploaded case documents (advice reports, letters): never served from MEDIA_URL, only through
# a view that checks the user may see the child.
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Jobs. Production runs Celery on Redis; without REDIS_URL the worker and beat still run for
# real, exchanging messages through files under var/celery (Kombu's filesystem transport).
REDIS_URL = env.str("REDIS_URL", default="")
# A Redis that stops answering (hung, not down: the port still takes connections) must cost a
# request a second or two, never the 60 s until gunicorn kills the worker: every Redis client
# (cache, broker, beat) gives up after these many seconds.
REDIS_TIMEOUTS = {
    "socket_connect_timeout": env.float("REDIS_CONNECT_TIMEOUT", default=1.0),
    # Above kombu's BRPOP wait (1 s), which must not time out on a healthy Redis.
    "socket_timeout": env.float("REDIS_SOCKET_TIMEOUT", default=2.0),
}
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A page that queues a job tries the broker once: if it cannot, the page says so at once (the
# board report "could not be queued") instead of holding the request through retries.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 0}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_IMPORTS = ["send_portal.tasks"]
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "send_portal.heartbeat", "schedule": 60.0},
    # Raise deadline alerts and send caseworkers their digest before the working day starts
    # (Europe/London, so it stays at 06:30 local time across the clock changes).
    "daily-deadline-scan": {
        "task": "cases.daily_deadline_scan",
        "schedule": crontab(hour=6, minute=30),
    },
    # Reminders a run claimed and did not send (its process died, or it gave up retrying).
    "sweep-unsent-reminders": {"task": "cases.sweep_unsent_reminders", "schedule": 300.0},
    # Approved letters no worker has sent (the queue was down, or a worker died mid-send).
    "sweep-unsent-letters": {"task": "letters.sweep_unsent_letters", "schedule": 300.0},
    # What became of the letters sent through GOV.UK Notify (delivered, failed, returned).
    "check-letter-deliveries": {"task": "letters.check_deliveries", "schedule": 1800.0},
    # A subject access zip is a copy of a child's whole record: deleted 30 days after it was
    # built (records.exports.EXPORT_KEPT_FOR), at night, when no one is downloading.
    "expire-subject-access-exports": {
        "task": "records.expire_subject_access_exports",
        "schedule": crontab(hour=2, minute=15),
    },
}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _celery_dir = env.path("CELERY_FILESYSTEM_DIR", default=VAR_DIR / "celery")
    _queue_dir = Path(_celery_dir) / "queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(Path(_celery_dir) / "processed"),
        "control_folder": str(Path(_celery_dir) / "control"),
        "store_processed": False,
    }
    for _folder in CELERY_BROKER_TRANSPORT_OPTIONS.values():
        if isinstance(_folder, str):
            Path(_folder).mkdir(parents=True, exist_ok=True)
else:
    # How long a taken but unacknowledged task waits before Redis hands it to another worker
    # (a worker killed mid-task): longer than any task runs, as a longer one would run twice.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
        **REDIS_TIMEOUTS,
    }

# A monitor that sends `Authorization: Bearer <HEALTHZ_TOKEN>` to /healthz sees its details
# (broker, worker heartbeat); without it, and to anyone else, /healthz says only its status.
HEALTHZ_TOKEN = env.str("HEALTHZ_TOKEN", default="")

# One cache shared by the web and the worker: Redis when there is one, else files under var/.
CACHES = {
    "default": env.cache_url_config(
        env.str("CACHE_URL", default="") or REDIS_URL or f"filecache://{VAR_DIR / 'cache'}"
    )
}
if "redis" in CACHES["default"]["BACKEND"].lower():
    CACHES["default"].setdefault("OPTIONS", {}).update(REDIS_TIMEOUTS)

# Email: files under var/mail unless EMAIL_URL names a server. Emails carry names and case
# links, so production wants smtp+tls:// (STARTTLS) or smtps:// (TLS); plain smtp:// only with
# EMAIL_ALLOW_PLAINTEXT=true, for a relay on this host or a network the council trusts.
EMAIL_URL = env.str("EMAIL_URL", default="")
EMAIL_ALLOW_PLAINTEXT = env.bool("EMAIL_ALLOW_PLAINTEXT", default=False)
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
if EMAIL_URL:
    _email = env.email_url_config(EMAIL_URL)
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
    EMAIL_PORT = _email["EMAIL_PORT"] or 25
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
    EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
    if EMAIL_BACKEND.endswith("smtp.EmailBackend") and not (
        EMAIL_USE_TLS or EMAIL_USE_SSL or DEBUG or EMAIL_ALLOW_PLAINTEXT
    ):
        raise ImproperlyConfigured(
            "EMAIL_URL sends mail over plain SMTP: use smtp+tls:// or smtps://, or set "
            "EMAIL_ALLOW_PLAINTEXT=true for a relay on this host."
        )
    if _email["EMAIL_FILE_PATH"]:
        EMAIL_FILE_PATH = "/" + _email["EMAIL_FILE_PATH"]  # filemail:///an/absolute/path
# GOV.UK Notify (letters.notify): with a key, email goes through Notify unless EMAIL_URL names
# a server of the council's own, and letters can be posted. Without one nothing reaches Notify.
# NOTIFY_TEMPLATES: Notify's template id for each message; "email" is the generic template
# (subject ((subject)), body ((body))) every email without its own template is sent with.
NOTIFY_API_KEY = env.str("NOTIFY_API_KEY", default="")
NOTIFY_BASE_URL = env.str("NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk")
NOTIFY_TEMPLATES = {
    "email": env.str("NOTIFY_EMAIL_TEMPLATE_ID", default=""),
    **env.dict("NOTIFY_TEMPLATE_IDS", default={}),  # e.g. reminder_digest=<id>,unlock=<id>
}
# A key is {name}-{service id}-{secret}; anything else would only fail later, on each send.
_UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
if NOTIFY_API_KEY and not re.fullmatch(f".+-{_UUID}-{_UUID}", NOTIFY_API_KEY):
    raise ImproperlyConfigured("NOTIFY_API_KEY is not a GOV.UK Notify API key.")
if NOTIFY_API_KEY and not EMAIL_URL:
    EMAIL_BACKEND = "letters.notify_email.EmailBackend"
    if not NOTIFY_TEMPLATES["email"]:
        raise ImproperlyConfigured(
            "NOTIFY_API_KEY sends email through Notify: set NOTIFY_EMAIL_TEMPLATE_ID to its "
            "email template (subject ((subject)), message ((body))), or EMAIL_URL to a server."
        )
# The key signs each request but the bodies carry names, addresses and letters: TLS only.
if NOTIFY_API_KEY and not DEBUG and not NOTIFY_BASE_URL.startswith("https://"):
    raise ImproperlyConfigured("NOTIFY_BASE_URL must be an https:// address.")
# The site's own address, for the absolute links in emails (no request to build them from).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="SEND Portal <send-portal@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 30
# How long a reminder claimed by a run keeps other runs off it (cases.services.reminders).
REMINDER_CLAIM_LEASE_SECONDS = env.int("REMINDER_CLAIM_LEASE_SECONDS", default=15 * 60)

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Paths carry child ids: never send them to another site.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # no script reads the token: forms carry it
# No inline script or style anywhere: behaviour lives in static/js, looks in static/ CSS, and the
# charts' SVG uses presentation attributes (reporting.charts). Images are files or inline SVG
# (charts, the two-factor QR code), so no data: URLs. The self-contained HTML board paper widens
# style-src for its own response only (reporting.board.views).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# Browser features no page uses: switched off for the site and anything it could embed.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=()"
)
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers and container health checks call /healthz over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    if env.bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logs carry no personal data: request paths use ids, never names, and no bodies are logged.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["no_database_values"],
        }
    },
    "filters": {
        "no_query_strings": {"()": "send_portal.log_filters.DropQueryStrings"},
        "no_database_values": {"()": "send_portal.log_filters.RedactDatabaseValues"},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Under DEBUG it would log every query with its parameters: names, dates of birth.
        "django.db.backends": {"level": "WARNING"},
        # At DEBUG it logs each variable a template could not resolve, with the whole context
        # (the children on the page) in the message: never below INFO, whatever LOG_LEVEL says.
        "django.template": {"level": "INFO"},
        # Django's own default also mails errors to ADMINS with the request's POST data and
        # local variables in them: only the console here (tests/project/test_logs_...).
        "django": {"level": "INFO", "propagate": True},
        # runserver's request lines, without the query string a search (?q=a name) puts there.
        "django.server": {"level": "INFO", "propagate": True, "filters": ["no_query_strings"]},
    },
}
