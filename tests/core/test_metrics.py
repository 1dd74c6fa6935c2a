import os
import subprocess
import sys

import pytest
import redis
from django.conf import settings as django_settings

from apps.core import metrics
from tests.conftest import free_port

pytestmark = pytest.mark.django_db

TOKEN = "scrape-token-0123456789"


def _scrape(client, **extra) -> str:
    response = client.get("/metrics", **extra)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode()


def _sample(text: str, name: str, **labels) -> float | None:
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        metric, _, value = line.rpartition(" ")
        metric_name, _, label_text = metric.partition("{")
        if metric_name != name:
            continue
        found = ",".join(sorted(label_text.rstrip("}").split(","))) if label_text else ""
        if found == wanted:
            return float(value)
    return None


@pytest.mark.parametrize(
    ("header", "status"),
    [
        (None, 401),
        ("Bearer wrong-token", 401),
        (f"Token {TOKEN}", 401),
        (TOKEN, 401),
        (f"Bearer {TOKEN}", 200),
    ],
)
def test_metrics_need_the_bearer_token_when_one_is_set(anon_client, settings, header, status):
    settings.METRICS_TOKEN = TOKEN
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = anon_client.get("/metrics", **extra)
    assert response.status_code == status
    if status == 401:
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert b"dorixona_" not in response.content


@pytest.mark.parametrize(
    ("remote_addr", "forwarded_for", "status"),
    [
        ("127.0.0.1", None, 200),
        ("10.1.2.3", None, 200),
        ("203.0.113.9", None, 403),
        # Behind nginx (NUM_PROXIES=1) the client is the entry nginx appended, whatever the
        # client wrote in front of it.
        ("127.0.0.1", "10.1.2.3, 203.0.113.9", 403),
        ("127.0.0.1", "203.0.113.9, 10.1.2.3", 200),
    ],
)
def test_metrics_without_a_token_are_limited_to_allowed_networks(
    anon_client, settings, remote_addr, forwarded_for, status
):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_NETWORKS = ["127.0.0.1/32", "10.0.0.0/8"]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    assert anon_client.get("/metrics", **extra).status_code == status


def test_request_metrics_are_labelled_by_route_not_by_path(anon_client, settings, tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html>")
    settings.SPA_DIST_DIR = tmp_path
    before = _scrape(anon_client)
    spa_route = "^(?!static/|media/).*$"
    count_before = _sample(
        before, "dorixona_http_requests_total", method="GET", route=spa_route, status="200"
    )
    for order_id in (17, 18, 19):
        anon_client.get(f"/orders/{order_id}")
    anon_client.get("/health/")
    after = _scrape(anon_client)
    count_after = _sample(
        after, "dorixona_http_requests_total", method="GET", route=spa_route, status="200"
    )
    assert count_after - (count_before or 0) == 3
    assert _sample(
        after, "dorixona_http_requests_total", method="GET", route="health/", status="200"
    )
    assert _sample(
        after, "dorixona_http_request_duration_seconds_count", method="GET", route="health/"
    )
    assert "orders/17" not in after


def test_unknown_methods_do_not_create_new_series(anon_client):
    anon_client.generic("BREW", "/health/")
    text = _scrape(anon_client)
    assert 'method="BREW"' not in text
    assert _sample(
        text, "dorixona_http_requests_total", method="other", route="health/", status="405"
    )


def test_domain_counters_are_exposed_for_the_apps_to_increment(anon_client):
    metrics.payments_total.labels(provider="payme", outcome="paid").inc()
    metrics.orders_created_total.inc()
    metrics.sms_sent_total.labels(status="sent").inc()
    text = _scrape(anon_client)
    assert _sample(text, "dorixona_payments_total", provider="payme", outcome="paid") >= 1
    assert _sample(text, "dorixona_orders_created_total") >= 1
    assert _sample(text, "dorixona_sms_sent_total", status="sent") >= 1


@pytest.fixture
def broker_redis(settings):
    if not django_settings.REDIS_URL:
        pytest.skip("needs Redis: set REDIS_URL=redis://...")
    settings.CELERY_BROKER_URL = django_settings.REDIS_URL
    client = redis.Redis.from_url(django_settings.REDIS_URL)
    keys = ["sms", "heavy", "sms\x06\x166"]
    client.delete(*keys)
    yield client
    client.delete(*keys)
    client.close()


def test_queue_depth_is_read_from_the_broker_when_scraped(anon_client, broker_redis):
    broker_redis.lpush("sms", "m1", "m2")
    broker_redis.lpush("sms\x06\x166", "m3")  # the same queue, a higher priority step
    broker_redis.lpush("heavy", "m4")
    text = _scrape(anon_client)
    assert _sample(text, "dorixona_broker_up") == 1
    assert _sample(text, "dorixona_celery_queue_length", queue="sms") == 3
    assert _sample(text, "dorixona_celery_queue_length", queue="heavy") == 1
    assert _sample(text, "dorixona_celery_queue_length", queue="default") == 0


def test_broker_outage_shows_as_broker_down_not_as_an_error(anon_client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"
    text = _scrape(anon_client)
    assert _sample(text, "dorixona_broker_up") == 0
    assert "dorixona_celery_queue_length{" not in text


def test_multiprocess_mode_adds_up_what_other_processes_counted(anon_client, settings, tmp_path):
    """A Celery worker counts an SMS in its own process; the web node's scrape shows it."""
    code = (
        "import django; django.setup(); from apps.core import metrics; "
        "metrics.sms_sent_total.labels(status='sent').inc(2); "
        "metrics.payments_total.labels(provider='click', outcome='failed').inc()"
    )
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=django_settings.BASE_DIR)
    settings.PROMETHEUS_MULTIPROC_DIR = str(tmp_path)
    settings.METRICS_MULTIPROC_DIRS = []
    text = _scrape(anon_client)
    assert _sample(text, "dorixona_sms_sent_total", status="sent") == 2
    assert _sample(text, "dorixona_payments_total", provider="click", outcome="failed") == 1


def test_a_scrape_adds_up_the_directories_of_several_containers(anon_client, settings, tmp_path):
    """Containers each number their pids from 1, so each writes its own directory."""
    code = (
        "import django; django.setup(); from apps.core import metrics; "
        "metrics.orders_created_total.inc(3)"
    )
    for container in ("web", "worker"):
        (tmp_path / container).mkdir()
        env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / container)}
        env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
        subprocess.run(
            [sys.executable, "-c", code], env=env, check=True, cwd=django_settings.BASE_DIR
        )
    settings.PROMETHEUS_MULTIPROC_DIR = str(tmp_path / "web")
    settings.METRICS_MULTIPROC_DIRS = [str(tmp_path / "web"), str(tmp_path / "worker")]
    assert _sample(_scrape(anon_client), "dorixona_orders_created_total") == 6
