"""Test settings: the same stack as configured by the environment, tuned for speed."""

import tempfile
from pathlib import Path

from .base import *

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; never in prod
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if REDIS_URL:
    CACHES["default"]["KEY_PREFIX"] = "dorixona-test"
# Uploaded files (public and private) go to a throwaway folder, never into the work tree.
_TEST_FILES = Path(tempfile.mkdtemp(prefix="dorixona-test-files-"))
MEDIA_ROOT = _TEST_FILES / "media"
PRIVATE_MEDIA_ROOT = _TEST_FILES / "private"
WHITENOISE_AUTOREFRESH = True  # no collectstatic before tests
LOGGING["root"]["level"] = "WARNING"
