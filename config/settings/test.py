"""Test settings: the same stack as configured by the environment, tuned for speed."""

from .base import *

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; never in prod
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if REDIS_URL:
    CACHES["default"]["KEY_PREFIX"] = "dorixona-test"
WHITENOISE_AUTOREFRESH = True  # no collectstatic before tests
LOGGING["root"]["level"] = "WARNING"
