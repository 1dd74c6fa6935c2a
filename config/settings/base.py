"""Settings shared by every environment; every value comes from the environment.

With no environment at all this gives the embedded shop: SQLite, local-memory cache, Celery
tasks run eagerly in-process, console SMS. Setting DATABASE_URL, REDIS_URL etc. switches to the
full stack. Every variable is documented in `.env.example`.
"""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

INSECURE_SECRET_KEY = "django-insecure-dorixona-development-only"  # noqa: S105

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default=INSECURE_SECRET_KEY)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications -------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "corsheaders",
    "auditlog",
]
# Dependency order (never upward): see docs/architecture.md.
LOCAL_APPS = [
    "apps.core",
    "apps.users",
    "apps.notifications",
    "apps.products",
    "apps.prescriptions",
    "apps.orders",
    "apps.payments",
    "apps.delivery",
    "apps.dashboard",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "apps.core.middleware.RequestIdMiddleware",
    "apps.core.middleware.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "apps.core.audit.AuditActorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "users.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Data stores ----------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if IS_POSTGRES:
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int(
        "DATABASE_CONNECT_TIMEOUT", default=5
    )

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="dorixona"),
            "OPTIONS": {
                # A Redis outage degrades to cache misses, never to 500s. Security limits
                # (OTP attempts, lockouts) are therefore counted in the database, not here.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# --- Celery ---------------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_DEFAULT_QUEUE = "default"
# Queues: default, sms (short, latency-sensitive), heavy (roll-ups, reconciliation, imports).
# Workers consume them by name (`-Q default,sms,heavy`); /health/detailed/ checks each one has
# a consumer when HEALTH_CHECK_CELERY_WORKERS is on.
CELERY_TASK_QUEUE_NAMES = ("default", "sms", "heavy")
CELERY_TASK_ROUTES = {
    "apps.notifications.tasks.notification_send_task": {"queue": "sms"},
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "max_retries": 1,
    # With acks_late a task taken by a worker that dies is handed out again after this many
    # seconds; it must exceed the longest task (CELERY_TASK_TIME_LIMIT) and any countdown.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_CONCURRENCY = env.int("CELERY_WORKER_CONCURRENCY", default=2)
# Recycle worker children now and then so a slow leak never takes a node down.
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=1000)
# Workers log through LOGGING below (JSON in production, with the request id of the HTTP
# request that queued the task), not through Celery's own plain-text handler.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_WORKER_SEND_TASK_EVENTS = False
CELERY_TIMEZONE = "Asia/Tashkent"
# Periodic jobs are added here by name as the apps grow them; apps never read settings for this.
CELERY_BEAT_SCHEDULE: dict = {
    "notifications-sweep": {
        "task": "apps.notifications.tasks.notification_sweep_task",
        "schedule": env.float("NOTIFICATION_SWEEP_SECONDS", default=60.0),
    },
    "orders-expire-reservations": {
        "task": "apps.orders.tasks.order_reservations_expire_task",
        "schedule": 60.0,
    },
    "payments-expire-payme-transactions": {
        "task": "apps.payments.tasks.payme_transactions_expire_task",
        "schedule": 300.0,
    },
    "payments-refunds-sweep": {
        "task": "apps.payments.tasks.payment_refunds_sweep_task",
        "schedule": 300.0,
    },
    "payments-reconcile": {
        "task": "apps.payments.tasks.payments_reconcile_task",
        "schedule": crontab(hour=4, minute=15),
    },
}

# --- Auth -----------------------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
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

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=14)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "ALGORITHM": "HS256",
    "SIGNING_KEY": env("JWT_SIGNING_KEY", default=SECRET_KEY),
    "AUTH_HEADER_TYPES": ("Bearer",),
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "user_id",
}

# --- REST framework -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "apps.core.pagination.StandardPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "apps.core.exceptions.api_exception_handler",
    # Behind nginx exactly one proxy appends to X-Forwarded-For; a spoofed header from the
    # client therefore cannot mint fresh throttle buckets.
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
    "DEFAULT_THROTTLE_RATES": {
        "anon": "120/min",
        "user": "600/min",
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
API_MAX_PAGE_SIZE = 100

SPECTACULAR_SETTINGS = {
    "TITLE": "Dorixona API",
    "DESCRIPTION": "Online pharmacy: catalog, orders, prescriptions, payments and delivery.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
}

CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"

# --- Internationalisation -------------------------------------------------------------------------
LANGUAGE_CODE = "uz"
LANGUAGES = [("uz", _("Uzbek")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tashkent"
USE_I18N = True
USE_TZ = True

# --- Static, media and the SPA --------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Private files (prescriptions) never live under MEDIA_ROOT; they are served by an authorising
# view (nginx X-Accel-Redirect in production).
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private")))
PRIVATE_MEDIA_ACCEL_PREFIX = env("PRIVATE_MEDIA_ACCEL_PREFIX", default="")
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)
SPA_DIST_DIR = BASE_DIR / "frontend" / "dist"
WHITENOISE_ROOT = SPA_DIST_DIR if SPA_DIST_DIR.is_dir() else None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

# --- Security headers (always on; production adds HTTPS-only settings) ---------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

# --- Domain settings ------------------------------------------------------------------------------
SLOW_REQUEST_MS = env.int("SLOW_REQUEST_MS", default=500)
HEALTH_MIN_FREE_DISK_MB = env.int("HEALTH_MIN_FREE_DISK_MB", default=500)
DEMO_PASSWORD = env("DEMO_PASSWORD", default="Dorixona-demo-2026")

# --- Notifications --------------------------------------------------------------------------------
# SMS: console (development; logs a masked line), http (DevSMS-style JSON gateway) or eskiz.
SMS_PROVIDER = env("SMS_PROVIDER", default="console")
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = env("SMS_GATEWAY_TOKEN", default="")
# Only when the gateway drops repeated `Idempotency-Key`s: then a message whose worker died
# mid-send (or whose request timed out) is sent again instead of being marked "in doubt".
SMS_GATEWAY_SUPPORTS_IDEMPOTENCY = env.bool("SMS_GATEWAY_SUPPORTS_IDEMPOTENCY", default=False)
SMS_ESKIZ_BASE_URL = env("SMS_ESKIZ_BASE_URL", default="https://notify.eskiz.uz/api")
SMS_ESKIZ_EMAIL = env("SMS_ESKIZ_EMAIL", default="")
SMS_ESKIZ_PASSWORD = env("SMS_ESKIZ_PASSWORD", default="")
SMS_ESKIZ_TOKEN_TTL_SECONDS = env.int("SMS_ESKIZ_TOKEN_TTL_SECONDS", default=29 * 24 * 3600)
# Public URL of /api/v1/notifications/sms/status/ given to gateways that post delivery receipts;
# they must present SMS_CALLBACK_SECRET (empty: receipts are refused).
SMS_CALLBACK_URL = env("SMS_CALLBACK_URL", default="")
SMS_CALLBACK_SECRET = env("SMS_CALLBACK_SECRET", default="")
SMS_SENDER = env("SMS_SENDER", default="4546")
SMS_GATEWAY_CONNECT_TIMEOUT = env.float("SMS_GATEWAY_CONNECT_TIMEOUT", default=3.0)
SMS_GATEWAY_TIMEOUT = env.float("SMS_GATEWAY_TIMEOUT", default=5.0)
SMS_MAX_ATTEMPTS = env.int("SMS_MAX_ATTEMPTS", default=5)
SMS_RETRY_BASE_SECONDS = env.int("SMS_RETRY_BASE_SECONDS", default=30)
SMS_RETRY_MAX_SECONDS = env.int("SMS_RETRY_MAX_SECONDS", default=900)
# Cost per SMS part in so'm, and the daily spend after which only one-time codes go out
# by SMS (0: no budget).
SMS_PRICE_PER_SEGMENT = Decimal(env("SMS_PRICE_PER_SEGMENT", default="75"))
SMS_DAILY_BUDGET = Decimal(env("SMS_DAILY_BUDGET", default="1000000"))
# E-mail and push.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Dorixona <no-reply@dorixona.uz>")
PUSH_PROVIDER = env("PUSH_PROVIDER", default="")  # dotted path of a PushProvider; empty: none
# Retries for e-mail and push (SMS has its own above).
NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=5)
NOTIFICATION_RETRY_BASE_SECONDS = env.int("NOTIFICATION_RETRY_BASE_SECONDS", default=60)
NOTIFICATION_RETRY_MAX_SECONDS = env.int("NOTIFICATION_RETRY_MAX_SECONDS", default=3600)
# How long a worker owns a message it is sending; after that the sweeper presumes it dead.
# Longer than the task's hard time limit, so a live worker is always killed before it expires.
NOTIFICATION_SEND_LEASE_SECONDS = env.int(
    "NOTIFICATION_SEND_LEASE_SECONDS", default=CELERY_TASK_TIME_LIMIT + 60
)
NOTIFICATION_SWEEP_BATCH = env.int("NOTIFICATION_SWEEP_BATCH", default=500)
NOTIFICATION_BROADCAST_BATCH = env.int("NOTIFICATION_BROADCAST_BATCH", default=500)
NOTIFICATION_RETENTION_DAYS = env.int("NOTIFICATION_RETENTION_DAYS", default=365)
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {
        "NotificationChannelEnum": "apps.notifications.models.Channel.choices",
        "NotificationTypeEnum": "apps.notifications.models.NotificationType.choices",
        "BroadcastTypeEnum": "apps.notifications.policy.BROADCAST_TYPE_CHOICES",
        "BroadcastChannelEnum": "apps.notifications.policy.BROADCAST_CHANNEL_CHOICES",
        "BroadcastSegmentEnum": "apps.notifications.models.BroadcastSegment.choices",
    }
)
CELERY_BEAT_SCHEDULE["notifications-purge"] = {
    "task": "apps.notifications.tasks.notification_purge_task",
    "schedule": crontab(hour=3, minute=40),
}

# --- Accounts -------------------------------------------------------------------------------------
# One-time codes: lifetime, wrong tries per code, and SMS budgets. All counted in the database,
# so a Redis outage cannot lift them.
OTP_CODE_TTL_SECONDS = env.int("OTP_CODE_TTL_SECONDS", default=120)
OTP_MAX_ATTEMPTS = env.int("OTP_MAX_ATTEMPTS", default=5)
OTP_RESEND_COOLDOWN_SECONDS = env.int("OTP_RESEND_COOLDOWN_SECONDS", default=60)
OTP_PHONE_HOURLY_LIMIT = env.int("OTP_PHONE_HOURLY_LIMIT", default=5)
OTP_IP_HOURLY_LIMIT = env.int("OTP_IP_HOURLY_LIMIT", default=30)
OTP_GLOBAL_HOURLY_LIMIT = env.int("OTP_GLOBAL_HOURLY_LIMIT", default=3000)
# Failed password logins of one phone from one IP within the window lock that pair until the
# window has passed.
LOGIN_MAX_FAILURES = env.int("LOGIN_MAX_FAILURES", default=5)
LOGIN_LOCKOUT_SECONDS = env.int("LOGIN_LOCKOUT_SECONDS", default=900)
TERMS_VERSION = env("TERMS_VERSION", default="2026-11-01")
PRIVACY_POLICY_VERSION = env("PRIVACY_POLICY_VERSION", default="2026-11-01")
ADDRESS_MAX_PER_USER = env.int("ADDRESS_MAX_PER_USER", default=20)
# Registrations never confirmed are removed after this many days; sign-in and code records
# (phone numbers, IPs) after AUTH_LOG_RETENTION_DAYS.
UNVERIFIED_USER_TTL_DAYS = env.int("UNVERIFIED_USER_TTL_DAYS", default=7)
AUTH_LOG_RETENTION_DAYS = env.int("AUTH_LOG_RETENTION_DAYS", default=90)
# Django admin sign-in goes through the same lockout as the API.
AUTHENTICATION_BACKENDS = ["apps.users.backends.LockoutModelBackend"]
# A password change or reset also kills access tokens issued before it (the token carries a
# digest of the password hash), not only the refresh tokens that are blacklisted.
SIMPLE_JWT["CHECK_REVOKE_TOKEN"] = True
# Per-IP request rates of the auth endpoints (per user once signed in); 429 with Retry-After.
# Mobile carriers put many customers behind one address (CGNAT), so these stay generous: the
# per-phone and per-code limits above are the tight ones.
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].update(
    {
        "auth_otp_send": env("THROTTLE_AUTH_OTP_SEND", default="10/min"),
        "auth_otp_verify": env("THROTTLE_AUTH_OTP_VERIFY", default="20/min"),
        "auth_login": env("THROTTLE_AUTH_LOGIN", default="20/min"),
        "auth_token": env("THROTTLE_AUTH_TOKEN", default="60/min"),
        "auth_password": env("THROTTLE_AUTH_PASSWORD", default="10/min"),
    }
)
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {
        "RoleEnum": "apps.core.roles.Role",
        "StaffAccountRoleEnum": "apps.users.services.management.STAFF_ACCOUNT_ROLE_CHOICES",
    }
)
CELERY_BEAT_SCHEDULE["users-purge-stale-records"] = {
    "task": "apps.users.tasks.accounts_purge_stale_task",
    "schedule": 3600.0,
}

# --- Observability --------------------------------------------------------------------------------
# Prometheus metrics at /metrics: with METRICS_TOKEN set a scrape must send
# `Authorization: Bearer <token>`; without it only clients in METRICS_ALLOWED_NETWORKS (the client
# address as the throttles see it, NUM_PROXIES applied) may read them.
METRICS_TOKEN = env("METRICS_TOKEN", default="")
METRICS_ALLOWED_NETWORKS = env.list("METRICS_ALLOWED_NETWORKS", default=["127.0.0.1/32", "::1/128"])
# Shared directory for gunicorn workers and Celery processes on one machine (prometheus-client's
# multiprocess mode); empty: this process's own metrics only. The library reads the same variable.
PROMETHEUS_MULTIPROC_DIR = env("PROMETHEUS_MULTIPROC_DIR", default="")
# Where a scrape reads samples from, when processes in other pid namespaces (containers) write to
# directories of their own; default: PROMETHEUS_MULTIPROC_DIR alone.
METRICS_MULTIPROC_DIRS = env.list("METRICS_MULTIPROC_DIRS", default=[])
# /health/detailed/ also asks the Celery workers (one broadcast, answers within the timeout).
HEALTH_CHECK_CELERY_WORKERS = env.bool("HEALTH_CHECK_CELERY_WORKERS", default=False)
HEALTH_CELERY_TIMEOUT = env.float("HEALTH_CELERY_TIMEOUT", default=1.0)
# Backups (`manage.py db_backup`): pg_dump custom-format files, newest BACKUP_KEEP kept.
BACKUP_DIR = Path(env("BACKUP_DIR", default=str(BASE_DIR / "var" / "backups")))
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)

SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default="") or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        # Medical data, phone numbers and one-time codes never leave for a third party: no
        # user details, cookies or headers, and no request bodies at all.
        send_default_pii=False,
        max_request_body_size="never",
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# --- Audit log ------------------------------------------------------------------------------------
# django-auditlog records every create/update/delete of these models with the acting user (admin
# session or API token) and the client address; entries are read-only in admin. Later apps add
# their sensitive models here (orders, payments, prescriptions, stock): see docs/decisions.md.
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    {
        "model": "users.User",
        "exclude_fields": ["password", "last_login", "updated_at"],
        "mask_fields": ["phone_number"],
    },
    {"model": "orders.Order", "exclude_fields": ["updated_at"]},
    {"model": "payments.Payment", "exclude_fields": ["updated_at"]},
    {"model": "prescriptions.Prescription", "exclude_fields": ["updated_at"]},
    {"model": "products.Product", "exclude_fields": ["updated_at", "search_document"]},
    {"model": "products.StockBatch"},
    {"model": "delivery.Delivery", "exclude_fields": ["updated_at", "handover_code_hash"]},
)
AUDITLOG_DISABLE_ON_RAW_SAVE = True

# --- Catalog --------------------------------------------------------------------------------------
# A batch is sellable only while more than this many days of shelf life remain after today.
MIN_SHELF_LIFE_DAYS = env.int("MIN_SHELF_LIFE_DAYS", default=30)
# Public catalog reads (lists, details, categories) are cached this long; 0 turns caching off.
CATALOG_CACHE_SECONDS = env.int("CATALOG_CACHE_SECONDS", default=300)
# Customers see "few left" (not the count) at or below this many sellable units.
CATALOG_FEW_LEFT_QUANTITY = env.int("CATALOG_FEW_LEFT_QUANTITY", default=5)
# Staff are alerted about batches expiring within this many days.
NEAR_EXPIRY_ALERT_DAYS = env.int("NEAR_EXPIRY_ALERT_DAYS", default=90)
# Uploads: bytes are checked before decoding, pixels before the pixel data is read; Pillow's own
# MAX_IMAGE_PIXELS is set to the same limit (apps.products.apps) and its warning is an error.
PRODUCT_IMAGE_MAX_BYTES = env.int("PRODUCT_IMAGE_MAX_BYTES", default=5 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)
PRODUCT_IMAGE_MAX_SIDE = 1600
PRODUCT_THUMBNAIL_SIDE = 320
CATALOG_IMPORT_MAX_BYTES = env.int("CATALOG_IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["catalog_write"] = env(
    "CATALOG_WRITE_THROTTLE", default="120/min"
)
CELERY_BEAT_SCHEDULE["catalog-stock-alerts"] = {
    "task": "apps.products.tasks.stock_alerts_task",
    "schedule": env.int("STOCK_ALERTS_INTERVAL_SECONDS", default=3600),
}

# --- Prescriptions --------------------------------------------------------------------------------
# Every uploaded page: bytes are checked before decoding, pixels from the header before the
# pixels are decoded; the re-encoded copy is scaled to fit the longest side.
PRESCRIPTION_IMAGE_MAX_BYTES = env.int("PRESCRIPTION_IMAGE_MAX_MB", default=10) * 1024 * 1024
PRESCRIPTION_IMAGE_MAX_PIXELS = env.int("PRESCRIPTION_IMAGE_MAX_PIXELS", default=50_000_000)
PRESCRIPTION_IMAGE_MAX_SIDE = env.int("PRESCRIPTION_IMAGE_MAX_SIDE", default=4096)
# Uploads per customer (DRF rate syntax), and prescriptions one customer may have waiting.
PRESCRIPTION_UPLOAD_RATE = env("PRESCRIPTION_UPLOAD_RATE", default="10/hour")
PRESCRIPTION_MAX_PENDING = env.int("PRESCRIPTION_MAX_PENDING", default=5)
# The longest validity a pharmacist may give an approval, in days from today.
PRESCRIPTION_MAX_VALIDITY_DAYS = env.int("PRESCRIPTION_MAX_VALIDITY_DAYS", default=365)
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {
        "PrescriptionStatusEnum": "apps.prescriptions.models.PrescriptionStatus",
        "RejectionReasonEnum": "apps.prescriptions.models.RejectionReason",
        "ReviewDecisionEnum": "apps.prescriptions.models.ReviewDecision",
    }
)
SPECTACULAR_SETTINGS.setdefault("PATH_CONVERTER_OVERRIDES", {})["rx_id"] = int
CELERY_BEAT_SCHEDULE["prescriptions-expire"] = {
    "task": "apps.prescriptions.tasks.prescription_expire_task",
    "schedule": 3600.0,
}

# --- Orders ---------------------------------------------------------------------------------------
# Packs of one product a cart (and so an order) may hold, and different products per cart.
CART_MAX_QUANTITY_PER_PRODUCT = env.int("CART_MAX_QUANTITY_PER_PRODUCT", default=10)
CART_MAX_ITEMS = env.int("CART_MAX_ITEMS", default=50)
# Minutes an order awaiting online payment holds its stock (Payme/Click extend it while a
# transaction is in progress), and minutes one awaiting a prescription review does.
ORDER_RESERVATION_MINUTES = env.int("ORDER_RESERVATION_MINUTES", default=30)
ORDER_PRESCRIPTION_WAIT_MINUTES = env.int("ORDER_PRESCRIPTION_WAIT_MINUTES", default=24 * 60)
# Orders a customer may have open and unpaid (created, awaiting prescription or payment).
ORDER_MAX_OPEN_UNPAID = env.int("ORDER_MAX_OPEN_UNPAID", default=3)
# Flat courier fee in so'm until the delivery app prices by zone; free from this items total
# (0 = never free).
ORDER_DELIVERY_FEE = Decimal(env.str("ORDER_DELIVERY_FEE", default="15000.00"))
ORDER_FREE_DELIVERY_FROM = Decimal(env.str("ORDER_FREE_DELIVERY_FROM", default="300000.00"))
# upload_review: prescription items wait for an approved prescription covering them;
# pickup_only: prescription items only with pickup, the pharmacist checks the paper prescription.
ORDER_PRESCRIPTION_POLICY = env.str("ORDER_PRESCRIPTION_POLICY", default="upload_review")
if ORDER_PRESCRIPTION_POLICY not in ("upload_review", "pickup_only"):
    raise ImproperlyConfigured("ORDER_PRESCRIPTION_POLICY must be upload_review or pickup_only")
# Checkouts per customer (DRF rate: number/second|minute|hour|day).
ORDER_CHECKOUT_RATE = env.str("ORDER_CHECKOUT_RATE", default="10/min")
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {
        "OrderStatusEnum": "apps.orders.models.OrderStatus.choices",
        "PaymentMethodEnum": "apps.orders.models.PaymentMethod.choices",
        "DeliveryTypeEnum": "apps.orders.models.DeliveryType.choices",
    }
)

# --- Delivery -------------------------------------------------------------------------------------
# Deliveries one courier may hold at once (assigned, picked up or on the way).
DELIVERY_MAX_ACTIVE_PER_COURIER = env.int("DELIVERY_MAX_ACTIVE_PER_COURIER", default=3)
# Give new deliveries to the least-loaded courier on shift by itself (off: operators assign).
DELIVERY_AUTO_ASSIGN = env.bool("DELIVERY_AUTO_ASSIGN", default=True)
# Courier location: at most one ping per delivery this often; the newest pings kept per
# delivery, and none kept longer than this many hours.
DELIVERY_LOCATION_MIN_INTERVAL_SECONDS = env.int(
    "DELIVERY_LOCATION_MIN_INTERVAL_SECONDS", default=10
)
DELIVERY_LOCATION_HISTORY_SIZE = env.int("DELIVERY_LOCATION_HISTORY_SIZE", default=100)
DELIVERY_LOCATION_RETENTION_HOURS = env.int("DELIVERY_LOCATION_RETENTION_HOURS", default=24)
# Wrong handover codes before confirmation by code is locked (counted in the database).
DELIVERY_HANDOVER_MAX_ATTEMPTS = env.int("DELIVERY_HANDOVER_MAX_ATTEMPTS", default=5)
# Proof-of-delivery photos: largest upload read, longest side kept after re-encoding.
DELIVERY_PROOF_PHOTO_MAX_BYTES = env.int("DELIVERY_PROOF_PHOTO_MAX_BYTES", default=10 * 1024 * 1024)
DELIVERY_PROOF_PHOTO_MAX_SIDE = env.int("DELIVERY_PROOF_PHOTO_MAX_SIDE", default=1600)
for _name in (
    "DELIVERY_MAX_ACTIVE_PER_COURIER",
    "DELIVERY_LOCATION_HISTORY_SIZE",
    "DELIVERY_HANDOVER_MAX_ATTEMPTS",
    "DELIVERY_PROOF_PHOTO_MAX_BYTES",
    "DELIVERY_PROOF_PHOTO_MAX_SIDE",
):
    if globals()[_name] < 1:
        raise ImproperlyConfigured(f"{_name} must be at least 1")
# Per-user request rates of the quote and handover confirmation endpoints (429 with Retry-After).
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].update(
    {
        "delivery_quote": env("THROTTLE_DELIVERY_QUOTE", default="60/min"),
        "delivery_confirm": env("THROTTLE_DELIVERY_CONFIRM", default="10/min"),
    }
)
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {
        "DeliveryStatusEnum": "apps.delivery.models.DeliveryStatus.choices",
        "CourierStatusUpdateEnum": "apps.delivery.models.COURIER_STATUS_UPDATES",
        "FailureReasonEnum": "apps.delivery.models.REPORTED_FAILURE_REASONS",
        "ProofMethodEnum": "apps.delivery.models.ProofMethod.choices",
    }
)
CELERY_BEAT_SCHEDULE["delivery-dispatch"] = {
    "task": "apps.delivery.tasks.deliveries_dispatch_task",
    "schedule": 60.0,
}
CELERY_BEAT_SCHEDULE["delivery-purge-locations"] = {
    "task": "apps.delivery.tasks.delivery_locations_purge_task",
    "schedule": 3600.0,
}

# --- Payments -------------------------------------------------------------------------------------
# The development pay simulator plays Payme and Click against our own webhooks; it is on with
# DEBUG or this flag, and then signs with development keys unless real ones are configured.
PAYMENTS_SIMULATOR_ENABLED = env.bool("PAYMENTS_SIMULATOR_ENABLED", default=False)
_PAYMENTS_DEVELOPMENT = DEBUG or PAYMENTS_SIMULATOR_ENABLED
# Payme Merchant API: the cash register's id, its key (the production key, or TEST_KEY against
# the sandbox) and the Basic-auth login Payme sends (always "Paycom").
PAYME_MERCHANT_ID = env(
    "PAYME_MERCHANT_ID", default="dorixona-dev-merchant" if _PAYMENTS_DEVELOPMENT else ""
)
PAYME_KEY = env("PAYME_KEY", default="dorixona-dev-payme-key" if _PAYMENTS_DEVELOPMENT else "")
PAYME_LOGIN = env("PAYME_LOGIN", default="Paycom")
PAYME_CHECKOUT_URL = env("PAYME_CHECKOUT_URL", default="https://checkout.paycom.uz")
# Click SHOP API (callbacks) and Merchant API (status checks, reversals).
CLICK_SERVICE_ID = env("CLICK_SERVICE_ID", default="1000" if _PAYMENTS_DEVELOPMENT else "")
CLICK_MERCHANT_ID = env("CLICK_MERCHANT_ID", default="1000" if _PAYMENTS_DEVELOPMENT else "")
CLICK_MERCHANT_USER_ID = env("CLICK_MERCHANT_USER_ID", default="")
CLICK_SECRET_KEY = env(
    "CLICK_SECRET_KEY", default="dorixona-dev-click-key" if _PAYMENTS_DEVELOPMENT else ""
)
CLICK_CHECKOUT_URL = env("CLICK_CHECKOUT_URL", default="https://my.click.uz/services/pay")
CLICK_API_URL = env("CLICK_API_URL", default="https://api.click.uz/v2/merchant/")
CLICK_API_TIMEOUT = env.float("CLICK_API_TIMEOUT", default=10.0)
# (disputed) The reply to a Complete with error < 0 for an already confirmed Click payment:
# Click's docs and library say -4 (already paid), a newer test matrix -9. See docs/payments.md.
CLICK_CANCEL_CONFIRMED_ERROR = env.int("CLICK_CANCEL_CONFIRMED_ERROR", default=-4)
if CLICK_CANCEL_CONFIRMED_ERROR not in (-4, -9):
    raise ImproperlyConfigured("CLICK_CANCEL_CONFIRMED_ERROR must be -4 or -9")
# Days back the nightly reconciliation compares with the providers (on the heavy queue).
PAYMENTS_RECONCILE_DAYS = env.int("PAYMENTS_RECONCILE_DAYS", default=2)
CELERY_TASK_ROUTES["apps.payments.tasks.payments_reconcile_task"] = {"queue": "heavy"}
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "PaymentProviderEnum": "apps.payments.models.PaymentProvider.choices",
        "OnlinePaymentProviderEnum": "apps.payments.models.ONLINE_PROVIDER_CHOICES",
        "PaymentStatusEnum": "apps.payments.models.PaymentStatus.choices",
    }
)

# --- Dashboard ------------------------------------------------------------------------------------
# Admin and courier dashboards are cached this long (and dropped at every roll-up refresh);
# the operator's queues only briefly, as they are live work lists. 0 turns caching off.
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=600)
DASHBOARD_OPERATOR_CACHE_SECONDS = env.int("DASHBOARD_OPERATOR_CACHE_SECONDS", default=15)
# Today's roll-ups are recomputed this often; yesterday is finalised nightly.
DASHBOARD_REFRESH_SECONDS = env.int("DASHBOARD_REFRESH_SECONDS", default=300)
# Orders changed up to this long before the last refresh are looked at again (transactions that
# committed late), so a slow commit is never missed.
DASHBOARD_REFRESH_OVERLAP_SECONDS = env.int("DASHBOARD_REFRESH_OVERLAP_SECONDS", default=600)
# A delivery is on time when handed over within this many minutes of the courier setting off.
DASHBOARD_ON_TIME_MINUTES = env.int("DASHBOARD_ON_TIME_MINUTES", default=60)
# Longest period one request may ask for; rows in rankings and queues; rows in a CSV export.
DASHBOARD_MAX_PERIOD_DAYS = env.int("DASHBOARD_MAX_PERIOD_DAYS", default=366)
DASHBOARD_TOP_LIMIT = 10
DASHBOARD_QUEUE_LIMIT = 20
DASHBOARD_EXPORT_MAX_ROWS = 10_000
DASHBOARD_HEALTH_SNAPSHOT_SECONDS = env.int("DASHBOARD_HEALTH_SNAPSHOT_SECONDS", default=300)
CELERY_TASK_ROUTES["apps.dashboard.tasks.dashboard_refresh_task"] = {"queue": "heavy"}
CELERY_TASK_ROUTES["apps.dashboard.tasks.dashboard_finalise_task"] = {"queue": "heavy"}
CELERY_BEAT_SCHEDULE["dashboard-refresh"] = {
    "task": "apps.dashboard.tasks.dashboard_refresh_task",
    "schedule": DASHBOARD_REFRESH_SECONDS,
}
CELERY_BEAT_SCHEDULE["dashboard-finalise"] = {
    "task": "apps.dashboard.tasks.dashboard_finalise_task",
    "schedule": crontab(hour=0, minute=20),
}
CELERY_BEAT_SCHEDULE["dashboard-system-health"] = {
    "task": "apps.dashboard.tasks.system_health_task",
    "schedule": DASHBOARD_HEALTH_SNAPSHOT_SECONDS,
}

# --- Logging --------------------------------------------------------------------------------------
LOG_JSON = env.bool("LOG_JSON", default=False)
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "apps.core.logging.RequestIdFilter"}},
    "formatters": {
        "readable": {
            "format": "%(asctime)s %(levelname)-7s [%(request_id)s] %(name)s: %(message)s",
        },
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_JSON else "readable",
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The request-id middleware logs every request itself; Django's copy would duplicate it.
        "django.server": {"level": "WARNING"},
    },
}
