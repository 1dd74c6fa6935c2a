"""Scenario 2: PostgreSQL restarted, then stopped for a while, under a running app. Requests
during the outage get a 503 in the one error format (never a 500 or a traceback); afterwards
the same processes serve again: nothing is restarted."""

import pytest

from .stack import new_phone, wait_until

pytestmark = [pytest.mark.fault, pytest.mark.xdist_group("fault")]

LEAKS = ("Traceback", "psycopg", "OperationalError", "InterfaceError", "127.0.0.1", "SELECT")


def _assert_unavailable(response) -> None:
    assert response.status_code == 503, (response.status_code, response.text[:500])
    assert response.headers["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == "service_unavailable"
    assert error["message"]
    assert int(response.headers["Retry-After"]) > 0
    assert not [leak for leak in LEAKS if leak in response.text]


def test_postgres_restart_and_outage_give_503_then_the_app_recovers_by_itself(stack):
    phone = next(stack.phones)
    token = stack.login(phone)
    web = stack.processes["web"].pid
    web_workers = sorted(stack.children("web"))
    worker_children = sorted(stack.children("worker"))
    # Both gunicorn workers hold a persistent connection (CONN_MAX_AGE).
    for _ in range(6):
        assert stack.get("/api/v1/users/me/", token=token).status_code == 200

    # A restart kills every open connection: each is health-checked before reuse and replaced.
    stack.postgres.restart()
    statuses = [stack.get("/api/v1/users/me/", token=token).status_code for _ in range(6)]
    assert statuses == [200] * 6

    # An outage: a clear, retryable 503 for every kind of request that needs the database.
    stack.postgres.stop()
    _assert_unavailable(stack.get("/api/v1/users/me/", token=token))
    _assert_unavailable(stack.get("/api/v1/orders/", token=token))
    _assert_unavailable(stack.get("/api/v1/products/?search=no-cache-hit"))
    _assert_unavailable(
        stack.post("/api/v1/users/login/", {"phone_number": phone, "password": "x"})
    )
    health = stack.get("/health/detailed/")
    assert health.status_code == 503
    assert health.json()["failing"] == ["database"]

    stack.postgres.start()
    wait_until(
        "the API answers again",
        lambda: stack.get("/api/v1/users/me/", token=token).status_code == 200,
        timeout=30,
        stack=stack,
    )
    assert all(stack.get("/api/v1/orders/", token=token).ok for _ in range(4))
    # Recovered in place: the same gunicorn master and workers, the same Celery pool.
    assert stack.processes["web"].pid == web
    assert sorted(stack.children("web")) == web_workers
    assert sorted(stack.children("worker")) == worker_children
    # The worker's connections recovered too: a new registration's code goes out.
    newcomer = new_phone()
    assert stack.register(newcomer).status_code == 201
    wait_until("the code is delivered", lambda: stack.gateway.count_to(newcomer), timeout=30)
    assert stack.notifications_to(newcomer) == [("otp", "sent", 1)]
