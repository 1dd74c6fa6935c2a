"""The "workers" check of /health/detailed/: only in the full stack, where Celery runs apart."""

import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager

import pytest
from django.conf import settings as django_settings

from config.celery import app

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not django_settings.REDIS_URL, reason="needs a Redis broker: set REDIS_URL"),
]


@pytest.fixture
def workers_checked(settings):
    settings.HEALTH_CHECK_CELERY_WORKERS = True
    settings.HEALTH_CELERY_TIMEOUT = 0.5


@contextmanager
def celery_worker(queues: str):
    """A real worker process on the test broker, consuming `queues`; stopped on exit."""
    name = f"health-{uuid.uuid4().hex[:8]}@localhost"
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo"]
    command += ["-Q", queues, "-n", name, "--without-mingle", "--without-gossip", "-l", "WARNING"]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    worker = subprocess.Popen(command, env=env, cwd=django_settings.BASE_DIR)
    try:
        deadline = time.monotonic() + 30
        while not app.control.inspect(destination=[name], timeout=0.5).ping():
            assert worker.poll() is None, "the worker exited"
            assert time.monotonic() < deadline, "the worker did not answer within 30 s"
        yield
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def test_workers_are_not_asked_unless_configured(anon_client, settings):
    settings.HEALTH_CHECK_CELERY_WORKERS = False
    assert "workers" not in anon_client.get("/health/detailed/").json()["checks"]


def test_no_worker_answering_is_reported_as_unavailable(anon_client, workers_checked):
    response = anon_client.get("/health/detailed/")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["workers"]
    assert body["checks"]["workers"] == "no Celery worker answered"
    assert body["checks"]["database"] == "ok"


def test_a_queue_without_consumer_is_named(anon_client, workers_checked):
    with celery_worker("default,sms"):
        response = anon_client.get("/health/detailed/")
    assert response.status_code == 503
    assert response.json()["checks"]["workers"] == "no worker consumes queue heavy"


def test_workers_consuming_every_queue_are_healthy(anon_client, workers_checked):
    with celery_worker("default,sms,heavy"):
        response = anon_client.get("/health/detailed/")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["workers"] == "ok"
