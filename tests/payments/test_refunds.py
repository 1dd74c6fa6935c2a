"""Refunds of cancelled paid orders: Payme through the cabinet's CancelTransaction, Click through
a reversal on the Click Merchant API (a local fake server), stock back through orders."""

import hashlib
import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from werkzeug import Response

from apps.notifications.models import Notification, NotificationType
from apps.orders.models import OrderStatus, StockState
from apps.orders.services import order_cancel
from apps.payments.errors import PaymeRefundByCabinet
from apps.payments.models import MismatchKind, Payment, PaymentMismatch, PaymentStatus
from apps.payments.services import (
    click_refund,
    payment_refund_complete,
    payment_refunds_sweep,
)
from apps.products.models import StockBatch
from tests.payments.factories import awaiting_order
from tests.payments.providers import (
    CLICK_MERCHANT_USER_ID,
    CLICK_SECRET_KEY,
    CLICK_SERVICE_ID,
    click_call,
    click_fields,
    paid_with_click,
    paid_with_payme,
    payme_account,
    payme_amount,
    payme_call,
    payme_id,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("provider_settings")]


class FakeClickApi:
    """A real HTTP server standing in for the Click Merchant API."""

    def __init__(self, httpserver):
        self.requests: list[dict] = []
        self.reversal_reply: tuple[int, dict] = (200, {"error_code": 0, "error_note": "Success"})

    def record(self, request):
        self.requests.append(
            {"method": request.method, "path": request.path, "auth": request.headers.get("Auth")}
        )
        status, body = self.reversal_reply
        return Response(json.dumps(body), status=status, content_type="application/json")


@pytest.fixture
def click_api(httpserver, settings):
    api = FakeClickApi(httpserver)
    httpserver.expect_request(
        re.compile(r"^/v2/merchant/payment/reversal/\d+/\d+$"), method="DELETE"
    ).respond_with_handler(api.record)
    settings.CLICK_API_URL = httpserver.url_for("/v2/merchant/")
    return api


def batch_of(order) -> StockBatch:
    return StockBatch.objects.get(product__order_items__order=order)


def cancel_by_customer(order, capture):
    with capture(execute=True):
        order_cancel(order=order, actor=order.customer, reason="changed my mind")
    order.refresh_from_db()


def test_cancelled_click_order_is_reversed_at_click_and_refunded(
    client, click_api, django_capture_on_commit_callbacks
):
    order = awaiting_order(method="click")
    payment = paid_with_click(client, order)
    reserved = batch_of(order).reserved

    cancel_by_customer(order, django_capture_on_commit_callbacks)
    payment.refresh_from_db()
    order.refresh_from_db()

    assert [(r["method"], r["path"]) for r in click_api.requests] == [
        ("DELETE", f"/v2/merchant/payment/reversal/{CLICK_SERVICE_ID}/{payment.click_paydoc_id}")
    ]
    user_id, digest, timestamp = click_api.requests[0]["auth"].split(":")
    assert user_id == CLICK_MERCHANT_USER_ID
    assert digest == hashlib.sha1((timestamp + CLICK_SECRET_KEY).encode()).hexdigest()  # noqa: S324
    assert payment.status == PaymentStatus.REFUNDED
    assert order.status == OrderStatus.REFUNDED
    assert order.stock_state == StockState.RELEASED
    assert batch_of(order).reserved == reserved - 2
    refunds = Notification.objects.filter(type=NotificationType.REFUND_DONE, channel="sms")
    assert refunds.count() == 1
    assert click_refund(payment_id=payment.pk) is None  # nothing left to do
    assert len(click_api.requests) == 1


def test_click_refusing_a_reversal_flags_the_payment_for_a_person(
    client, click_api, admin_client, django_capture_on_commit_callbacks
):
    click_api.reversal_reply = (200, {"error_code": -5014, "error_note": "Reversal not allowed"})
    order = awaiting_order(method="click")
    payment = paid_with_click(client, order)

    cancel_by_customer(order, django_capture_on_commit_callbacks)
    payment.refresh_from_db()

    assert payment.status == PaymentStatus.REFUND_PENDING
    assert payment.needs_review is True
    assert payment.refund_next_attempt_at is None
    flag = PaymentMismatch.objects.get()
    assert flag.kind == MismatchKind.REFUND_FAILED
    assert payment_refunds_sweep()["click_refunds"] == 0

    # Refunded by other means; staff record it in admin.
    admin_client.post(
        reverse("admin:payments_payment_changelist"),
        {"action": "complete_refund", "_selected_action": [payment.pk]},
    )
    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED
    assert order.status == OrderStatus.REFUNDED


def test_click_unreachable_is_retried_with_backoff_by_the_sweeper(
    client, click_api, time_machine, django_capture_on_commit_callbacks
):
    click_api.reversal_reply = (502, {"error": "bad gateway"})
    order = awaiting_order(method="click")
    payment = paid_with_click(client, order)

    cancel_by_customer(order, django_capture_on_commit_callbacks)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUND_PENDING
    assert payment.refund_attempts == 1
    assert payment.refund_next_attempt_at > timezone.now()
    assert payment_refunds_sweep()["click_refunds"] == 0  # not due yet

    click_api.reversal_reply = (200, {"error_code": 0, "error_note": "Success"})
    time_machine.move_to(timezone.now() + timedelta(minutes=2))
    assert payment_refunds_sweep()["click_refunds"] == 1
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED
    assert len(click_api.requests) == 2


def test_a_claimed_refund_is_not_sent_twice(client, click_api, django_capture_on_commit_callbacks):
    click_api.reversal_reply = (503, {})
    order = awaiting_order(method="click")
    payment = paid_with_click(client, order)
    cancel_by_customer(order, django_capture_on_commit_callbacks)
    Payment.objects.filter(pk=payment.pk).update(refund_next_attempt_at=timezone.now())

    from apps.payments.services.refunds import _claim_click_refund

    assert _claim_click_refund(payment.pk) is not None
    assert click_refund(payment_id=payment.pk) is None  # the first claim holds a lease
    assert len(click_api.requests) == 1


def test_cancelled_payme_order_waits_for_the_cabinet_cancel_then_refunds(
    client, django_capture_on_commit_callbacks
):
    order = awaiting_order(method="payme")
    tid = paid_with_payme(client, order)
    reserved = batch_of(order).reserved

    cancel_by_customer(order, django_capture_on_commit_callbacks)
    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.REFUND_PENDING
    assert order.status == OrderStatus.CANCELLED
    assert batch_of(order).reserved == reserved - 2
    with pytest.raises(PaymeRefundByCabinet):
        payment_refund_complete(payment_id=payment.pk, note="by hand")

    body = payme_call(client, "CancelTransaction", {"id": tid, "reason": 5})
    payment.refresh_from_db()
    order.refresh_from_db()
    assert body["result"]["state"] == -2
    assert payment.status == PaymentStatus.REFUNDED
    assert order.status == OrderStatus.REFUNDED
    assert batch_of(order).reserved == reserved - 2  # returned once, not twice


def test_open_attempts_close_with_the_order_but_payme_state_1_is_left_to_payme(
    client, customer_client, django_capture_on_commit_callbacks
):
    order = awaiting_order(method="click")
    click_call(
        client, click_fields(order_number=order.number, amount=order.total, click_trans_id=9)
    )
    pending = Payment.objects.create(order=order, provider="payme", amount=order.total)
    other = awaiting_order(method="payme")
    params = {"id": payme_id(), "time": int(timezone.now().timestamp() * 1000)}
    params |= {"amount": payme_amount(other), "account": payme_account(other)}
    payme_call(client, "CreateTransaction", params)

    cancel_by_customer(order, django_capture_on_commit_callbacks)
    cancel_by_customer(other, django_capture_on_commit_callbacks)

    statuses = dict(Payment.objects.values_list("pk", "status"))
    assert statuses[pending.pk] == PaymentStatus.CANCELLED
    assert Payment.objects.get(click_trans_id=9).status == PaymentStatus.CANCELLED
    assert Payment.objects.get(order=other).state == 1


def test_sweeper_starts_refunds_whose_event_was_missed(client, click_api):
    order = awaiting_order(method="click")
    payment = paid_with_click(client, order)
    order_cancel(order=order, actor=order.customer)  # on-commit handlers never run here

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert payment_refunds_sweep() == {
        "orders": 1,
        "click_refunds": 1,
        "removals": 0,
        "click_partial_refunds": 0,
    }
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED
    assert len(click_api.requests) == 1
