import shutil
import subprocess
import time

import pytest
import redis
from django.db import connection
from django.test import override_settings

from tests.conftest import free_port

pytestmark = pytest.mark.django_db


def test_liveness(anon_client):
    response = anon_client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_detailed_health_is_ok_when_everything_is_up(anon_client):
    response = anon_client.get("/health/detailed/")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"] == {
        "database": "ok",
        "cache": "ok",
        "broker": "ok",
        "disk": "ok",
    }


@pytest.fixture
def private_redis():
    """A redis-server of our own on a spare port, so stopping it disturbs nothing else."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield proc, f"redis://127.0.0.1:{port}/0"
    proc.kill()
    proc.wait()


def _redis_cache(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }


def test_detailed_health_names_redis_when_it_stops(anon_client, private_redis):
    proc, url = private_redis
    with override_settings(REDIS_URL=url, CACHES=_redis_cache(url)):
        assert anon_client.get("/health/detailed/").json()["checks"]["cache"] == "ok"
        proc.kill()
        proc.wait()
        response = anon_client.get("/health/detailed/")
        # Everything else still answers: a cache outage never becomes a 500.
        assert anon_client.get("/health/").status_code == 200
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["cache"]
    assert body["checks"]["cache"].startswith("redis unreachable")
    assert body["checks"]["database"] == "ok"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_detailed_health_names_the_database_when_it_is_unreachable(anon_client):
    settings_dict = connection.settings_dict
    saved = dict(settings_dict)
    connection.close()
    settings_dict["HOST"] = "127.0.0.1"
    settings_dict["PORT"] = str(free_port())  # nothing listens there: a stopped server
    try:
        response = anon_client.get("/health/detailed/")
    finally:
        connection.close()
        settings_dict.clear()
        settings_dict.update(saved)
    assert response.status_code == 503
    assert "database" in response.json()["failing"]
    assert response.json()["checks"]["database"].startswith("database unreachable")


def test_detailed_health_names_the_disk_when_space_is_low(anon_client, settings):
    settings.HEALTH_MIN_FREE_DISK_MB = 10**12
    response = anon_client.get("/health/detailed/")
    assert response.status_code == 503
    assert response.json()["failing"] == ["disk"]
