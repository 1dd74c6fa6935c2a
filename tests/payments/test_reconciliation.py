"""Reconciliation against Click's records (a local fake Merchant API) and Payme's statement
semantics; the management command; the flags in Django admin."""

import json
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from werkzeug import Response

from apps.orders.models import Order
from apps.payments.models import MismatchKind, Payment, PaymentMismatch
from apps.payments.services import payments_reconcile
from tests.conftest import client_for
from tests.payments.factories import awaiting_order
from tests.payments.providers import (
    CLICK_SERVICE_ID,
    click_call,
    click_fields,
    payme_account,
    payme_amount,
    payme_call,
    payme_id,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("provider_settings")]


class FakeClickStatus:
    """Click's `payment/status` over HTTP: paydoc id → payment_status, or an error."""

    def __init__(self):
        self.statuses: dict[int, int] = {}
        self.by_mti: dict[str, tuple[int, int]] = {}
        self.unreachable = False
        self.paths: list[str] = []
        self.mti_paths: list[str] = []

    def handle(self, request):
        self.paths.append(request.path)
        if self.unreachable:
            return Response("down", status=503)
        paydoc = int(request.path.rsplit("/", 1)[1])
        if paydoc not in self.statuses:
            body = {"error_code": -5011, "error_note": "Payment not found"}
        else:
            body = {"error_code": 0, "payment_id": paydoc, "payment_status": self.statuses[paydoc]}
        return Response(json.dumps(body), content_type="application/json")

    def handle_mti(self, request):
        """`payment/status_by_mti/:service_id/:merchant_trans_id/:date`."""
        self.mti_paths.append(request.path)
        if self.unreachable:
            return Response("down", status=503)
        number = request.path.split("/")[-2]
        if number not in self.by_mti:
            body = {"error_code": -5011, "error_note": "Payment not found"}
        else:
            payment_id, status = self.by_mti[number]
            body = {
                "error_code": 0,
                "error_note": "Success",
                "payment_id": payment_id,
                "payment_status": status,
                "merchant_trans_id": number,
            }
        return Response(json.dumps(body), content_type="application/json")


@pytest.fixture
def click_status(httpserver, settings):
    fake = FakeClickStatus()
    httpserver.expect_request(
        re.compile(rf"^/v2/merchant/payment/status_by_mti/{CLICK_SERVICE_ID}/[^/]+/[0-9-]+$"),
        method="GET",
    ).respond_with_handler(fake.handle_mti)
    httpserver.expect_request(
        re.compile(rf"^/v2/merchant/payment/status/{CLICK_SERVICE_ID}/\d+$"), method="GET"
    ).respond_with_handler(fake.handle)
    settings.CLICK_API_URL = httpserver.url_for("/v2/merchant/")
    return fake


def window():
    now = timezone.now()
    return {"start": now - timedelta(days=1), "end": now + timedelta(days=1)}


def click_attempt(client, *, trans_id: int, complete_error: int | None = 0) -> Payment:
    order = awaiting_order(method="click")
    prepared = click_call(
        client, click_fields(order_number=order.number, amount=order.total, click_trans_id=trans_id)
    )
    if complete_error is not None:
        click_call(
            client,
            click_fields(
                order_number=order.number,
                amount=order.total,
                click_trans_id=trans_id,
                action=1,
                prepare_id=prepared["merchant_prepare_id"],
                error=complete_error,
            ),
        )
    return Payment.objects.get(pk=prepared["merchant_prepare_id"])


def kinds(report) -> set[tuple[str, int | None]]:
    return {(flag.kind, flag.payment_id) for flag in report.flags}


def test_click_payments_are_compared_with_clicks_records(client, click_status):
    agreed = click_attempt(client, trans_id=1)
    lost = click_attempt(client, trans_id=2, complete_error=-5017)
    phantom = click_attempt(client, trans_id=3)
    click_status.statuses = {agreed.click_paydoc_id: 2, lost.click_paydoc_id: 2}
    click_status.statuses[phantom.click_paydoc_id] = -99

    report = payments_reconcile(**window())

    assert report.click_checked == 3
    assert kinds(report) == {
        (MismatchKind.PROVIDER_PAID_NOT_HERE, lost.pk),
        (MismatchKind.PAID_HERE_NOT_AT_PROVIDER, phantom.pk),
    }
    assert sorted(click_status.paths) == sorted(
        f"/v2/merchant/payment/status/{CLICK_SERVICE_ID}/{p.click_paydoc_id}"
        for p in (agreed, lost, phantom)
    )


def test_click_unreachable_and_unknown_payments_are_flagged(client, click_status):
    paid = click_attempt(client, trans_id=4)
    report = payments_reconcile(**window())
    assert kinds(report) == {(MismatchKind.PAID_HERE_NOT_AT_PROVIDER, paid.pk)}

    click_status.unreachable = True
    report = payments_reconcile(**window())
    assert (MismatchKind.PROVIDER_UNREACHABLE, paid.pk) in kinds(report)


def test_reconciling_again_refreshes_flags_instead_of_duplicating(client, click_status):
    click_attempt(client, trans_id=5)
    payments_reconcile(**window())
    payments_reconcile(**window())
    assert PaymentMismatch.objects.count() == 1


def test_payme_transactions_are_checked_against_orders_and_the_12_hour_rule(
    client, click_status, time_machine
):
    stale_order, performed_order = awaiting_order(), awaiting_order()
    stale, performed = payme_id(), payme_id()
    now = int(timezone.now().timestamp() * 1000)
    for order, tid in ((stale_order, stale), (performed_order, performed)):
        params = {"id": tid, "time": now, "amount": payme_amount(order)}
        payme_call(client, "CreateTransaction", params | {"account": payme_account(order)})
    payme_call(client, "PerformTransaction", {"id": performed})
    # The books disagree: someone cleared the order's payment behind the services' back.
    Order.objects.filter(pk=performed_order.pk).update(payment_reference="", paid_at=None)
    time_machine.move_to(timezone.now() + timedelta(hours=13))

    report = payments_reconcile(start=timezone.now() - timedelta(days=1), end=timezone.now())

    assert report.payme_checked == 2
    assert kinds(report) == {
        (MismatchKind.STALE_TRANSACTION, Payment.objects.get(payme_transaction_id=stale).pk),
        (MismatchKind.ORDER_STATE, Payment.objects.get(payme_transaction_id=performed).pk),
    }


def test_paid_order_without_a_payment_holding_its_money_is_flagged(click_status):
    order = awaiting_order()
    Order.objects.filter(pk=order.pk).update(paid_at=timezone.now(), payment_reference="payment:9")
    report = payments_reconcile(**window())
    flag = report.flags[0]
    assert (flag.kind, flag.order_id, flag.payment_id) == (MismatchKind.ORDER_STATE, order.pk, None)
    payments_reconcile(**window())
    assert PaymentMismatch.objects.count() == 1


def test_command_reconciles_whole_days_and_reports_flags(client, click_status):
    payment = click_attempt(client, trans_id=6)
    today = timezone.localdate().isoformat()
    out = StringIO()
    call_command("payments_reconcile", "--from", today, "--to", today, stdout=out)
    assert "1 Click payments" in out.getvalue()
    assert f"payment #{payment.pk}" in out.getvalue()
    assert "1 mismatch(es) flagged." in out.getvalue()
    with pytest.raises(CommandError):
        call_command("payments_reconcile", "--from", today, "--to", "2000-01-01")


# --- admin ---------------------------------------------------------------------------------------


def test_admin_shows_payments_logs_ledger_and_flags_read_only(admin_client, client, click_status):
    payment = click_attempt(client, trans_id=7)
    payments_reconcile(**window())
    flag = PaymentMismatch.objects.get()
    pages = [
        reverse("admin:payments_payment_changelist") + "?status=paid",
        reverse("admin:payments_payment_change", args=[payment.pk]),
        reverse("admin:payments_paymentlog_changelist"),
        reverse("admin:payments_cashcollection_changelist") + "?handed_in=no",
        reverse("admin:payments_paymentmismatch_changelist") + "?resolved_at__isnull=True",
        reverse("admin:payments_paymentmismatch_change", args=[flag.pk]),
    ]
    for page in pages:
        assert admin_client.get(page).status_code == 200, page
    change = admin_client.get(reverse("admin:payments_payment_change", args=[payment.pk]))
    assert b"click.complete" in change.content  # the log inline
    assert admin_client.get(reverse("admin:payments_payment_add")).status_code == 403

    admin_client.post(
        reverse("admin:payments_paymentmismatch_changelist"),
        {"action": "resolve_mismatches", "_selected_action": [flag.pk]},
    )
    flag.refresh_from_db()
    assert flag.resolved_at is not None


def started_with_click(client, order) -> Payment:
    """An attempt the customer opened (`payments/create/`) that Click never called us about."""
    response = client_for(order.customer).post(
        reverse("payments-create"), {"order_id": order.pk, "provider": "click"}, format="json"
    )
    assert response.status_code == 201, response.content
    return Payment.objects.get(pk=response.json()["payment_id"])


def test_attempts_without_a_click_payment_id_are_looked_up_by_order_number(client, click_status):
    silent = started_with_click(client, awaiting_order(method="click"))
    nothing_taken = started_with_click(client, awaiting_order(method="click"))
    click_status.by_mti = {silent.order.number: (777001, 2)}

    report = payments_reconcile(**window())

    assert report.click_mti_checked == 2
    assert kinds(report) == {(MismatchKind.PROVIDER_PAID_NOT_HERE, silent.pk)}
    flag = PaymentMismatch.objects.get(payment=silent)
    assert flag.details["click_payment_id"] == 777001
    assert flag.details["lookup"] == "status_by_mti"
    day = timezone.localdate(silent.created_at).isoformat()
    assert sorted(click_status.mti_paths) == sorted(
        f"/v2/merchant/payment/status_by_mti/{CLICK_SERVICE_ID}/{p.order.number}/{day}"
        for p in (silent, nothing_taken)
    )
    assert click_status.paths == []  # no paydoc id: payment/status cannot be asked


def test_a_click_payment_we_recorded_is_no_mismatch_by_order_number(client, click_status):
    order = awaiting_order(method="click")
    fields = {"order_number": order.number, "amount": order.total, "click_trans_id": 9}
    prepared = click_call(client, click_fields(**fields))
    # The customer opened another link meanwhile; it never reached Click.
    second_link = started_with_click(client, order)
    click_call(client, click_fields(**fields, action=1, prepare_id=prepared["merchant_prepare_id"]))
    paid = Payment.objects.get(pk=prepared["merchant_prepare_id"])
    second_link.refresh_from_db()
    assert (paid.status, second_link.status, second_link.click_paydoc_id) == (
        "paid",
        "cancelled",
        None,
    )
    click_status.statuses = {paid.click_paydoc_id: 2}
    click_status.by_mti = {order.number: (paid.click_paydoc_id, 2)}

    report = payments_reconcile(**window())

    assert report.click_mti_checked == 1
    assert report.flags == []


def test_click_unreachable_for_the_order_number_lookup_is_flagged(client, click_status):
    silent = started_with_click(client, awaiting_order(method="click"))
    click_status.unreachable = True
    report = payments_reconcile(**window())
    assert (MismatchKind.PROVIDER_UNREACHABLE, silent.pk) in kinds(report)
