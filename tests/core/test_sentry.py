"""Sentry is on only with SENTRY_DSN, with the Django and Celery integrations and without PII."""

import gzip
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

REPORT = """
import django, json, sentry_sdk
django.setup()
from django.conf import settings
client = sentry_sdk.get_client()
options = client.options
print(json.dumps({
    "active": client.is_active(),
    "integrations": sorted(client.integrations),
    "send_default_pii": options["send_default_pii"],
    "max_request_body_size": options["max_request_body_size"],
    "environment": options["environment"],
}))
sentry_sdk.capture_message("smoke from the settings test")
sentry_sdk.flush(timeout=5)
"""


def _run(env: dict) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SENTRY_")}
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings.test")
    result = subprocess.run(
        [sys.executable, "-c", REPORT],
        env=clean,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_sentry_stays_off_without_a_dsn():
    assert _run({})["active"] is False


def test_sentry_reports_errors_without_personal_data_when_configured(httpserver):
    httpserver.expect_request("/api/1/envelope/", method="POST").respond_with_data("{}")
    dsn = f"http://public-key@127.0.0.1:{httpserver.port}/1"
    report = _run({"SENTRY_DSN": dsn, "SENTRY_ENVIRONMENT": "staging"})
    assert report["active"] is True
    assert {"django", "celery"} <= set(report["integrations"])
    assert report["send_default_pii"] is False
    assert report["max_request_body_size"] == "never"
    assert report["environment"] == "staging"
    request, _ = httpserver.log[0]
    body = request.get_data()
    encoding = request.headers.get("Content-Encoding")
    if encoding == "gzip":
        body = gzip.decompress(body)
    elif encoding == "br":  # the SDK prefers brotli when the package is installed
        body = pytest.importorskip("brotli").decompress(body)
    assert b"smoke from the settings test" in body
