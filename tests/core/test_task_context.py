"""The request id travels with the tasks a request queues, so worker logs can be joined to it."""

import json
import logging

import pytest
import redis
from celery import shared_task
from django.conf import settings as django_settings

from apps.core.logging import request_id_var
from config.celery import app

QUEUE = "dx-test-request-id"


@shared_task(name="tests.core.record_request_id")
def record_request_id() -> str:
    logging.getLogger("tests.task").info("inside the task")
    return request_id_var.get()


@pytest.mark.skipif(not django_settings.REDIS_URL, reason="needs a Redis broker: set REDIS_URL")
def test_a_published_task_carries_the_request_id_in_its_headers():
    client = redis.Redis.from_url(django_settings.REDIS_URL)
    client.delete(QUEUE)
    token = request_id_var.set("req-0123456789")
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        record_request_id.apply_async(queue=QUEUE)
    finally:
        app.conf.task_always_eager = eager
        request_id_var.reset(token)
    message = json.loads(client.rpop(QUEUE))
    client.delete(QUEUE)
    assert message["headers"]["request_id"] == "req-0123456789"


def test_an_eager_task_keeps_the_id_of_the_request_it_runs_in():
    token = request_id_var.set("req-abcdef0123")
    try:
        assert record_request_id.apply().get() == "req-abcdef0123"
        assert request_id_var.get() == "req-abcdef0123"
    finally:
        request_id_var.reset(token)


def test_a_task_without_a_request_logs_under_its_own_task_id():
    result = record_request_id.apply(task_id="task-5f1e2d3c")
    assert result.get() == "task-5f1e2d3c"
    assert request_id_var.get() == "-"
