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
    "django.contrib.postgres",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "corsheaders",
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
CELERY_TASK_ROUTES = {
    "apps.notifications.tasks.notification_send_task": {"queue": "sms"},
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "max_retries": 1}
CELERY_TIMEZONE = "Asia/Tashkent"
# Periodic jobs are added here by name as the apps grow them; apps never read settings for this.
CELERY_BEAT_SCHEDULE: dict = {
    "notifications-sweep": {
        "task": "apps.notifications.tasks.notification_sweep_task",
        "schedule": 60.0,
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
SMS_PROVIDER = env("SMS_PROVIDER", default="console")  # console | http
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = env("SMS_GATEWAY_TOKEN", default="")
SMS_SENDER = env("SMS_SENDER", default="4546")
SMS_GATEWAY_TIMEOUT = env.float("SMS_GATEWAY_TIMEOUT", default=5.0)
SMS_MAX_ATTEMPTS = env.int("SMS_MAX_ATTEMPTS", default=5)
SMS_RETRY_BASE_SECONDS = env.int("SMS_RETRY_BASE_SECONDS", default=30)

# --- Catalog --------------------------------------------------------------------------------------
# A batch is sellable only while more than this many days of shelf life remain after today.
MIN_SHELF_LIFE_DAYS = env.int("MIN_SHELF_LIFE_DAYS", default=30)
# Public catalog reads (lists, details, categories) are cached this long; 0 turns caching off.
CATALOG_CACHE_SECONDS = env.int("CATALOG_CACHE_SECONDS", default=300)

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
