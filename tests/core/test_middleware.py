import logging

import pytest

pytestmark = pytest.mark.django_db


def test_every_response_carries_a_request_id(anon_client):
    first = anon_client.get("/health/")["X-Request-ID"]
    second = anon_client.get("/health/")["X-Request-ID"]
    assert len(first) == 32
    assert first != second


def test_well_formed_incoming_request_id_is_kept(anon_client):
    response = anon_client.get("/health/", HTTP_X_REQUEST_ID="nginx-abc-12345")
    assert response["X-Request-ID"] == "nginx-abc-12345"


def test_malformed_incoming_request_id_is_replaced(anon_client):
    response = anon_client.get("/health/", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert response["X-Request-ID"] != "bad id\nwith newline"


def test_request_log_line_has_the_request_id_and_slow_flag(anon_client, caplog, settings):
    settings.SLOW_REQUEST_MS = 0
    with caplog.at_level(logging.INFO, logger="dorixona.request"):
        response = anon_client.get("/health/")
    record = next(r for r in caplog.records if r.name == "dorixona.request")
    assert record.levelno == logging.WARNING
    assert record.status == 200
    assert record.path == "/health/"
    assert "slow" in record.getMessage()
    assert response["X-Request-ID"]


def test_security_headers_are_set(anon_client):
    response = anon_client.get("/health/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_log_lines_carry_the_request_id_and_render_as_json(anon_client):
    import json

    from pythonjsonlogger.json import JsonFormatter

    from apps.core.logging import RequestIdFilter

    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.addFilter(RequestIdFilter())
    handler.emit = records.append
    logger = logging.getLogger("dorixona.request")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        response = anon_client.get("/health/")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    assert records[0].request_id == response["X-Request-ID"]
    line = json.loads(JsonFormatter("%(levelname)s %(request_id)s %(message)s").format(records[0]))
    assert line["request_id"] == response["X-Request-ID"]
    assert line["status"] == 200
