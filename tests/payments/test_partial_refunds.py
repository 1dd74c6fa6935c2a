"""Partial refunds when staff remove packs from a paid order: Click through a partial reversal on
the Click Merchant API (a local fake server over HTTP), Payme through the cabinet (pending until
staff mark it done), cash returned or collected less. Exactly the removed amount, exactly once."""

import json
import re
import socket
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from werkzeug import Response

from apps.core.money import som_to_tiyin
from apps.notifications.models import Notification, NotificationType
from apps.orders.models import DeliveryType, OrderStatus, PaymentMethod
from apps.orders.services import order_cancel, order_item_reduce, order_item_remove
from apps.payments.errors import CashAmountMismatch
from apps.payments.models import (
    MismatchKind,
    PartialRefund,
    PartialRefundStatus,
    Payment,
    PaymentLog,
    PaymentMismatch,
    PaymentStatus,
)
from apps.payments.selectors import cash_ledger
from apps.payments.services import (
    cash_hand_in,
    cash_payment_confirm,
    click_partial_refund,
    partial_refunds_sweep,
    payment_refunds_sweep,
    payments_order_items_removed,
    payments_reconcile,
)
from tests.orders.factories import two_line_order
from tests.payments.factories import advance
from tests.payments.providers import (
    CLICK_SERVICE_ID,
    paid_with_click,
    paid_with_payme,
    payme_call,
)
from tests.users.factories import OperatorFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("provider_settings")]

FEE = Decimal("15000.00")


class FakeClickMerchantApi:
    """A real HTTP server standing in for the Click Merchant API reversals."""

    def __init__(self):
        self.requests: list[dict] = []
        self.reply: tuple[int, str] = (200, json.dumps({"error_code": 0, "error_note": "Success"}))

    def handle(self, request):
        self.requests.append({"method": request.method, "path": request.path})
        status, body = self.reply
        return Response(body, status=status, content_type="application/json")


@pytest.fixture
def click_api(httpserver, settings):
    api = FakeClickMerchantApi()
    httpserver.expect_request(
        re.compile(r"^/v2/merchant/payment/(partial_)?reversal/.*$"), method="DELETE"
    ).respond_with_handler(api.handle)
    settings.CLICK_API_URL = httpserver.url_for("/v2/merchant/")
    return api


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v2/merchant/"


def remove(order, item, capture, *, keep=0):
    with capture(execute=True):
        return order_item_reduce(
            order=order, item_id=item.pk, keep=keep, actor=OperatorFactory(), reason="not in stock"
        )


# --- Click ----------------------------------------------------------------------------------------


def test_click_partial_reversal_of_exactly_the_removed_amount_once(
    client, click_api, django_capture_on_commit_callbacks
):
    order, first, _second = two_line_order(PaymentMethod.CLICK)
    payment = paid_with_click(client, order)
    assert payment.amount == Decimal("54000.00")

    removal = remove(order, first, django_capture_on_commit_callbacks, keep=1)

    assert removal.amount == Decimal("20000.00")
    assert click_api.requests == [
        {
            "method": "DELETE",
            "path": f"/v2/merchant/payment/partial_reversal/{CLICK_SERVICE_ID}/"
            f"{payment.click_paydoc_id}/20000.00",
        }
    ]
    refund = PartialRefund.objects.get()
    payment.refresh_from_db()
    order.refresh_from_db()
    assert (refund.status, refund.amount, refund.removal_id) == (
        PartialRefundStatus.REFUNDED,
        Decimal("20000.00"),
        removal.pk,
    )
    assert payment.status == PaymentStatus.PAID
    assert payment.refunded_amount == Decimal("20000.00")
    assert order.status == OrderStatus.PAID
    assert order.total == payment.amount - payment.refunded_amount == Decimal("34000.00")
    actions = list(PaymentLog.objects.filter(payment=payment).values_list("action", flat=True))
    assert actions[-3:] == [
        "refund.partial.requested",
        "click.partial_reversal",
        "refund.partial.completed",
    ]
    told = Notification.objects.get(type=NotificationType.REFUND_DONE, channel="sms")
    assert "20000.00" in told.body

    # Retries, the task and the sweeper change nothing and never call Click again.
    assert payments_order_items_removed(removal_id=removal.pk) == refund
    assert click_partial_refund(refund_id=refund.pk) is None
    assert partial_refunds_sweep() == {"removals": 0, "click_partial_refunds": 0}
    assert len(click_api.requests) == 1
    assert PartialRefund.objects.count() == 1


def test_click_refusing_a_partial_reversal_flags_it_and_staff_complete_it(
    client, click_api, admin_client, django_capture_on_commit_callbacks
):
    click_api.reply = (200, json.dumps({"error_code": -5014, "error_note": "Not allowed"}))
    order, first, _second = two_line_order(PaymentMethod.CLICK)
    payment = paid_with_click(client, order)

    remove(order, first, django_capture_on_commit_callbacks)

    refund = PartialRefund.objects.get()
    payment.refresh_from_db()
    assert refund.status == PartialRefundStatus.FAILED
    assert payment.needs_review is True
    assert payment.refunded_amount == Decimal("0.00")
    flag = PaymentMismatch.objects.get()
    assert (flag.kind, flag.details["amount"]) == (MismatchKind.REFUND_FAILED, "30000.00")

    admin_client.post(
        reverse("admin:payments_partialrefund_changelist"),
        {"action": "complete_partial_refund", "_selected_action": [refund.pk]},
    )
    refund.refresh_from_db()
    payment.refresh_from_db()
    assert refund.status == PartialRefundStatus.REFUNDED
    assert payment.refunded_amount == Decimal("30000.00")
    assert len(click_api.requests) == 1


def test_click_not_reachable_is_retried_later(
    client, click_api, settings, time_machine, django_capture_on_commit_callbacks
):
    order, first, _second = two_line_order(PaymentMethod.CLICK)
    payment = paid_with_click(client, order)
    fake_url = settings.CLICK_API_URL
    settings.CLICK_API_URL = closed_port_url()

    remove(order, first, django_capture_on_commit_callbacks)

    refund = PartialRefund.objects.get()
    assert refund.status == PartialRefundStatus.PENDING
    assert (refund.attempts, refund.sent_at) == (1, None)
    assert refund.next_attempt_at > timezone.now()
    assert payment_refunds_sweep()["click_partial_refunds"] == 0  # not due yet

    settings.CLICK_API_URL = fake_url
    time_machine.move_to(timezone.now() + timedelta(minutes=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert payment_refunds_sweep()["click_partial_refunds"] == 1
    refund.refresh_from_db()
    payment.refresh_from_db()
    assert refund.status == PartialRefundStatus.REFUNDED
    assert payment.refunded_amount == Decimal("30000.00")
    assert len(click_api.requests) == 1


def test_an_unknown_click_outcome_is_never_sent_again(
    client, click_api, time_machine, django_capture_on_commit_callbacks
):
    click_api.reply = (502, "<html>bad gateway</html>")
    order, first, _second = two_line_order(PaymentMethod.CLICK)
    paid_with_click(client, order)

    remove(order, first, django_capture_on_commit_callbacks)

    refund = PartialRefund.objects.get()
    assert refund.status == PartialRefundStatus.FAILED
    assert "unknown" in refund.note
    time_machine.move_to(timezone.now() + timedelta(hours=1))
    payment_refunds_sweep()
    assert len(click_api.requests) == 1


def test_cancelling_after_a_partial_reversal_reverses_only_the_rest(
    client, click_api, django_capture_on_commit_callbacks
):
    order, first, _second = two_line_order(PaymentMethod.CLICK)
    payment = paid_with_click(client, order)
    remove(order, first, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        order_cancel(order=order, actor=OperatorFactory(), reason="customer left")

    payment.refresh_from_db()
    order.refresh_from_db()
    assert [r["path"].split("/")[4] for r in click_api.requests] == [
        "partial_reversal",
        "partial_reversal",
    ]
    assert click_api.requests[1]["path"].endswith("/24000.00")
    assert payment.status == PaymentStatus.REFUNDED
    assert order.status == OrderStatus.REFUNDED


# --- Payme ----------------------------------------------------------------------------------------


def test_payme_partial_refund_waits_for_the_cabinet_with_a_consistent_receipt(
    client, admin_client, django_capture_on_commit_callbacks
):
    order, first, _second = two_line_order(PaymentMethod.PAYME)
    paid_with_payme(client, order)
    payment = Payment.objects.get(order=order, status=PaymentStatus.PAID)
    sale_receipt = payment.fiscal_detail

    remove(order, first, django_capture_on_commit_callbacks, keep=2)

    refund = PartialRefund.objects.get()
    payment.refresh_from_db()
    assert (refund.status, refund.amount) == (PartialRefundStatus.PENDING, Decimal("10000.00"))
    assert payment.needs_review is True
    assert payment.fiscal_detail == sale_receipt  # what Payme printed stays as printed
    returned = refund.fiscal_detail["items"]
    assert [(i["price"], i["count"]) for i in returned] == [(1_000_000, 1)]
    assert returned[0]["code"] == first.ikpu_code
    assert sum(i["price"] * i["count"] for i in returned) == som_to_tiyin(refund.amount)
    sold = sum(i["price"] * i["count"] for i in sale_receipt["items"])
    sold += sale_receipt.get("shipping", {}).get("price", 0)
    order.refresh_from_db()
    assert sold - som_to_tiyin(refund.amount) == som_to_tiyin(order.total)

    # Reconciliation accepts the lower order total while the refund is pending.
    now = timezone.now()
    report = payments_reconcile(start=now - timedelta(days=1), end=now + timedelta(days=1))
    assert not [f for f in report.flags if f.kind == MismatchKind.AMOUNT]

    admin_client.post(
        reverse("admin:payments_partialrefund_changelist"),
        {"action": "complete_partial_refund", "_selected_action": [refund.pk]},
    )
    refund.refresh_from_db()
    payment.refresh_from_db()
    assert refund.status == PartialRefundStatus.REFUNDED
    assert refund.completed_by is not None
    assert payment.refunded_amount == Decimal("10000.00")
    assert payment.needs_review is False
    assert Notification.objects.filter(type=NotificationType.REFUND_DONE).exists()


def test_payme_cancelling_the_whole_payment_covers_a_waiting_part(
    client, django_capture_on_commit_callbacks
):
    order, first, _second = two_line_order(PaymentMethod.PAYME)
    tid = paid_with_payme(client, order)
    remove(order, first, django_capture_on_commit_callbacks)
    assert PartialRefund.objects.get().status == PartialRefundStatus.PENDING

    # Staff cancel the whole transaction in the cabinet instead; Payme calls us.
    reply = payme_call(client, "CancelTransaction", {"id": tid, "reason": 5})

    assert reply["result"]["state"] == -2
    refund = PartialRefund.objects.get()
    assert refund.status == PartialRefundStatus.CANCELLED
    payment = Payment.objects.get(order=order, payme_transaction_id=tid)
    assert (payment.status, payment.refunded_amount) == (PaymentStatus.REFUNDED, Decimal("0"))


def test_a_missed_event_is_caught_up_by_the_sweeper_once(client):
    order, first, _second = two_line_order(PaymentMethod.PAYME)
    paid_with_payme(client, order)
    # No on-commit callbacks run here: the event never reaches payments.
    removal = order_item_remove(
        order=order, item_id=first.pk, actor=OperatorFactory(), reason="none left"
    )
    assert not PartialRefund.objects.exists()

    assert payment_refunds_sweep()["removals"] == 1
    assert payment_refunds_sweep()["removals"] == 0
    assert PartialRefund.objects.get().removal == removal


# --- cash -----------------------------------------------------------------------------------------


def test_cash_not_collected_yet_is_collected_less(django_capture_on_commit_callbacks):
    order, first, _second = two_line_order(PaymentMethod.CASH, DeliveryType.PICKUP)
    operator = OperatorFactory()
    assert order.total == Decimal("39000.00")

    removal = remove(order, first, django_capture_on_commit_callbacks)

    assert not PartialRefund.objects.exists()
    log = PaymentLog.objects.get(action="removal.less_to_collect")
    assert log.order_id == order.pk
    assert "30000.00" in log.outcome
    advance(order, OrderStatus.PREPARING, OrderStatus.READY_FOR_DELIVERY)
    with pytest.raises(CashAmountMismatch):
        cash_payment_confirm(order_id=order.pk, amount=removal.total_before, collector=operator)
    cash_payment_confirm(order_id=order.pk, amount=Decimal("9000.00"), collector=operator)
    [row] = cash_ledger(user=operator)
    assert row.amount_due == Decimal("9000.00")


def test_collected_cash_is_returned_and_the_collector_owes_less(
    django_capture_on_commit_callbacks,
):
    order, first, _second = two_line_order(PaymentMethod.CASH, DeliveryType.PICKUP)
    operator = OperatorFactory()
    advance(order, OrderStatus.PREPARING, OrderStatus.READY_FOR_DELIVERY)
    confirmation = cash_payment_confirm(
        order_id=order.pk, amount=Decimal("39000.00"), collector=operator
    )

    remove(order, first, django_capture_on_commit_callbacks, keep=2)

    refund = PartialRefund.objects.get()
    payment = confirmation.payment
    payment.refresh_from_db()
    assert (refund.status, refund.amount) == (PartialRefundStatus.REFUNDED, Decimal("10000.00"))
    assert payment.refunded_amount == Decimal("10000.00")
    [row] = cash_ledger(user=operator)
    assert row.amount_due == Decimal("29000.00")
    assert [c.amount for c in row.collections] == [Decimal("29000.00")]
    with pytest.raises(CashAmountMismatch):
        cash_hand_in(payment_ids=[payment.pk], amount=Decimal("39000.00"), received_by=operator)
    assert cash_hand_in(
        payment_ids=[payment.pk], amount=Decimal("29000.00"), received_by=operator
    ).amount == Decimal("29000.00")
