"""Test settings: the same stack as configured by the environment, tuned for speed."""

import os
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
    # One prefix per test run (inherited by the servers a run starts) and per xdist worker, so
    # runs or workers sharing a Redis database never clear each other's throttle counters.
    _RUN_PREFIX = os.environ.setdefault(
        "DORIXONA_TEST_CACHE_PREFIX", f"dorixona-test-{os.getpid()}"
    )
    CACHES["default"]["KEY_PREFIX"] = (
        f"{_RUN_PREFIX}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    )
# Uploaded files (public and private) go to a throwaway folder, never into the work tree.
_TEST_FILES = Path(tempfile.mkdtemp(prefix="dorixona-test-files-"))
MEDIA_ROOT = _TEST_FILES / "media"
PRIVATE_MEDIA_ROOT = _TEST_FILES / "private"
WHITENOISE_AUTOREFRESH = True  # no collectstatic before tests
LOGGING["root"]["level"] = "WARNING"
