"""Scenario 1: Redis (cache and broker) stopped. The shop keeps selling; the limits that guard
sign-in are counted in PostgreSQL, so they hold while the cache-backed throttles fail open."""

import uuid

import pytest
import redis

from .stack import PASSWORD, wait_until

pytestmark = [pytest.mark.fault, pytest.mark.xdist_group("fault")]

OTP_MAX_ATTEMPTS = 5  # settings default
LOGIN_MAX_FAILURES = 5  # settings default


def _code(response) -> str:
    return response.json()["error"]["code"]


def test_redis_stopped_shop_keeps_working_and_database_limits_still_refuse(stack):
    buyer, guessed, locked = next(stack.phones), next(stack.phones), next(stack.phones)
    assert stack.get("/api/v1/products/").status_code == 200  # the list is now cached

    stack.redis.stop()

    health = stack.get("/health/detailed/")
    assert health.status_code == 503
    assert {"cache", "broker"} <= set(health.json()["failing"])

    # Catalog, login and checkout: cache misses, never 500s.
    catalog = stack.get("/api/v1/products/")
    assert catalog.status_code == 200, catalog.text
    assert stack.product_id in [product["id"] for product in catalog.json()["results"]]
    assert stack.get(f"/api/v1/products/{stack.product_id}/").status_code == 200
    token = stack.login(buyer)
    added = stack.post(
        "/api/v1/orders/cart/add/", {"product_id": stack.product_id, "quantity": 2}, token=token
    )
    assert added.status_code in (200, 201), added.text
    checkout = stack.post(
        "/api/v1/orders/checkout/",
        {"payment_method": "cash", "delivery_type": "pickup"},
        token=token,
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )
    assert checkout.status_code == 201, checkout.text
    number = checkout.json()["number"]
    assert stack.postgres.query("SELECT status FROM orders_order WHERE number = %s", (number,)) == [
        ("created",)
    ]

    # Password guessing: the lockout of (phone, address) is counted in the database.
    for _ in range(LOGIN_MAX_FAILURES):
        wrong = stack.post("/api/v1/users/login/", {"phone_number": locked, "password": "nope-1"})
        assert wrong.status_code == 401, wrong.text
    refused = stack.post("/api/v1/users/login/", {"phone_number": locked, "password": PASSWORD})
    assert refused.status_code == 429, refused.text
    assert _code(refused) == "login_locked"
    assert int(refused.headers["Retry-After"]) > 0

    # Code guessing: wrong codes are counted on the challenge row; after the limit it is dead.
    sent = stack.post("/api/v1/users/otp/resend/", {"phone_number": guessed, "purpose": "login"})
    assert sent.status_code == 202, sent.text
    answers = []
    for n in range(OTP_MAX_ATTEMPTS + 1):
        response = stack.post("/api/v1/users/login/", {"phone_number": guessed, "code": f"{n:06d}"})
        answers.append(_code(response))
    # (000000..000005 could hold the real code: at most one of them; none may sign in.)
    assert answers[-1] == "otp_attempts_exceeded", answers
    assert stack.postgres.query(
        "SELECT attempts FROM users_otpchallenge WHERE phone_number = %s AND purpose = 'login'",
        (guessed,),
    ) == [(OTP_MAX_ATTEMPTS,)]

    # Redis back: everything is normal again without restarting anything.
    stack.redis.start()
    wait_until(
        "/health/detailed/ is ok again",
        lambda: stack.get("/health/detailed/").status_code == 200,
        timeout=30,
        stack=stack,
    )
    # The code queued while the broker was down reaches the phone (the outbox sweeper) ...
    wait_until("the login code is delivered", lambda: stack.gateway.count_to(guessed), timeout=60)
    real_code = stack.gateway.last_code(guessed)
    # ... and is still refused: the limit did not live in the cache.
    late = stack.post("/api/v1/users/login/", {"phone_number": guessed, "code": real_code})
    assert late.status_code == 400
    assert _code(late) == "otp_attempts_exceeded"
    still_locked = stack.post(
        "/api/v1/users/login/", {"phone_number": locked, "password": PASSWORD}
    )
    assert _code(still_locked) == "login_locked"
    # The cache is used again.
    assert stack.get("/api/v1/products/").status_code == 200
    client = redis.Redis(port=stack.redis.port, db=0)
    assert client.dbsize() > 0
    client.close()
    assert stack.gateway.count_to(guessed) == 1
