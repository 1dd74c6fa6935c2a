"""Payme's sandbox acceptance (test.paycom.uz, "one-time" account), played over HTTP against the
running app with real Basic-auth credentials. Create, Perform and Cancel are each sent twice and
the second answer must equal the first. Scenario 2 runs on the order whose transaction scenario 1
cancelled: a cancelled attempt must not block a retry."""

import pytest

from apps.orders.models import OrderStatus
from apps.payments.clock import now_ms
from tests.payments.factories import awaiting_order
from tests.payments.providers import (
    PaymeHttp,
    payme_account,
    payme_amount,
    payme_auth,
    payme_id,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("provider_settings")]


def twice(payme, method: str, params: dict) -> dict:
    first = payme(method, params, rpc_id=1001)
    second = payme(method, params, rpc_id=1001)
    assert second == first, f"{method} answered differently the second time"
    return first


def same_start(payme, order) -> str:
    """The common start of both scenarios; returns the id of the open transaction."""
    amount, account = payme_amount(order), payme_account(order)
    wrong = payme_auth(key="not-the-key")
    for method, params in [
        ("CheckPerformTransaction", {"amount": amount, "account": account}),
        (
            "CreateTransaction",
            {"id": payme_id(), "time": now_ms(), "amount": amount, "account": account},
        ),
        ("PerformTransaction", {"id": payme_id()}),
        ("CancelTransaction", {"id": payme_id(), "reason": 1}),
        ("CheckTransaction", {"id": payme_id()}),
        ("GetStatement", {"from": 0, "to": now_ms()}),
    ]:
        assert payme(method, params, auth=wrong)["error"]["code"] == -32504, method

    wrong_amount = payme("CheckPerformTransaction", {"amount": amount - 100, "account": account})
    assert wrong_amount["error"]["code"] == -31001
    unknown = payme(
        "CheckPerformTransaction", {"amount": amount, "account": {"order_id": "DX-00000000"}}
    )
    assert -31099 <= unknown["error"]["code"] <= -31050
    assert unknown["error"]["data"] == "order_id"
    assert payme("CheckPerformTransaction", {"amount": amount, "account": account})["result"][
        "allow"
    ]

    tid = payme_id()
    created = twice(
        payme,
        "CreateTransaction",
        {"id": tid, "time": now_ms(), "amount": amount, "account": account},
    )
    assert created["result"]["state"] == 1
    checked = payme("CheckTransaction", {"id": tid})["result"]
    assert (checked["state"], checked["create_time"]) == (1, created["result"]["create_time"])
    other = {"id": payme_id(), "time": now_ms(), "amount": amount, "account": account}
    assert payme("CreateTransaction", other)["error"]["code"] == -31008
    return tid


def test_scenario_1_then_scenario_2_on_the_same_order(live_server):
    payme = PaymeHttp(live_server.url)
    order = awaiting_order()

    # Scenario 1: the open transaction is cancelled.
    first = same_start(payme, order)
    cancelled = twice(payme, "CancelTransaction", {"id": first, "reason": 3})
    assert cancelled["result"]["state"] == -1
    assert payme("CheckTransaction", {"id": first})["result"]["reason"] == 3

    # Scenario 2: the same start, then perform and cancel the performed transaction.
    second = same_start(payme, order)
    performed = twice(payme, "PerformTransaction", {"id": second})
    assert performed["result"]["state"] == 2
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    checked = payme("CheckTransaction", {"id": second})["result"]
    assert (checked["state"], checked["perform_time"]) == (2, performed["result"]["perform_time"])
    refunded = twice(payme, "CancelTransaction", {"id": second, "reason": 5})
    assert refunded["result"]["state"] == -2
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED

    statement = payme("GetStatement", {"from": 0, "to": now_ms()})["result"]["transactions"]
    assert [(row["id"], row["state"]) for row in statement] == [(first, -1), (second, -2)]
