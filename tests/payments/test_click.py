"""Click SHOP API through HTTP (Django test client): signatures over the raw fields, the error
codes in Click's order, idempotency by click_trans_id, cancellations and the disputed case."""

from decimal import Decimal
from itertools import count

import pytest
from django.urls import reverse

from apps.notifications.models import Notification, NotificationType
from apps.orders.models import OrderStatus
from apps.payments.models import MismatchKind, Payment, PaymentLog, PaymentMismatch, PaymentStatus
from tests.payments.factories import advance, awaiting_order
from tests.payments.providers import CLICK_SECRET_KEY, click_call, click_fields, click_sign

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("provider_settings")]

_trans_ids = count(900_001)


@pytest.fixture
def order(db):
    return awaiting_order(method="click")


def prepare(client, order, *, trans_id=None, amount=None, **fields):
    trans_id = trans_id or next(_trans_ids)
    body = click_call(
        client,
        click_fields(
            order_number=order.number,
            amount=order.total if amount is None else amount,
            click_trans_id=trans_id,
            **fields,
        ),
    )
    return trans_id, body


def complete(client, order, trans_id, prepare_id, *, amount=None, error=0, **fields):
    return click_call(
        client,
        click_fields(
            order_number=order.number,
            amount=order.total if amount is None else amount,
            click_trans_id=trans_id,
            action=1,
            prepare_id=prepare_id,
            error=error,
            **fields,
        ),
    )


def paid(client, order):
    trans_id, body = prepare(client, order)
    complete(client, order, trans_id, body["merchant_prepare_id"])
    return trans_id, body["merchant_prepare_id"]


# --- request checks: -8, -1, -3 ------------------------------------------------------------------


@pytest.mark.parametrize(
    "missing",
    [
        "click_trans_id",
        "service_id",
        "merchant_trans_id",
        "amount",
        "action",
        "sign_time",
        "sign_string",
    ],
)
def test_missing_field_is_8(client, order, missing):
    fields = click_fields(order_number=order.number, amount=order.total, click_trans_id=5)
    del fields[missing]
    assert click_call(client, fields)["error"] == -8


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("click_trans_id", "12a"),
        ("amount", "ten"),
        ("amount", "NaN"),
        ("error", "5"),
        ("action", "x"),
    ],
)
def test_malformed_field_is_8_even_when_signed(client, order, field, value):
    fields = click_fields(order_number=order.number, amount=order.total, click_trans_id=5)
    fields[field] = value
    fields["sign_string"] = click_sign(fields)
    assert click_call(client, fields)["error"] == -8


def test_another_service_is_8(client, order):
    fields = click_fields(
        order_number=order.number, amount=order.total, click_trans_id=5, service_id="11111"
    )
    assert click_call(client, fields)["error"] == -8


def test_complete_without_prepare_id_is_8(client, order):
    fields = click_fields(order_number=order.number, amount=order.total, click_trans_id=5, action=1)
    assert click_call(client, fields)["error"] == -8


@pytest.mark.parametrize("case", ["wrong-secret", "amount-changed", "no-secret-configured"])
def test_forged_signature_is_1_and_writes_nothing(client, order, settings, case):
    if case == "wrong-secret":
        fields = click_fields(
            order_number=order.number, amount=order.total, click_trans_id=5, secret="guess"
        )
    else:
        fields = click_fields(order_number=order.number, amount="1.00", click_trans_id=5)
        if case == "amount-changed":
            fields["amount"] = str(order.total)
        else:
            settings.CLICK_SECRET_KEY = ""
            fields["sign_string"] = click_sign(fields, secret="")
    assert click_call(client, fields)["error"] == -1
    assert not Payment.objects.exists()
    assert not PaymentLog.objects.exists()


def test_signature_is_over_the_raw_amount_as_posted(client):
    order = awaiting_order(method="click", price=Decimal("12000.00"))  # total 39000.00
    for trans_id, raw in ((11, "39000"), (12, "39000.0"), (13, "39000.00")):
        fields = click_fields(order_number=order.number, amount=raw, click_trans_id=trans_id)
        assert click_call(client, fields)["error"] == 0, raw
    reformatted = click_fields(order_number=order.number, amount="39000", click_trans_id=14)
    reformatted["sign_string"] = click_sign({**reformatted, "amount": "39000.00"})
    assert click_call(client, reformatted)["error"] == -1


def test_wrong_action_for_the_endpoint_is_3(client, order):
    fields = click_fields(
        order_number=order.number, amount=order.total, click_trans_id=5, action=1, prepare_id=1
    )
    response = client.post(reverse("payments-click-prepare"), data=fields)
    assert response.json()["error"] == -3
    fields = click_fields(order_number=order.number, amount=order.total, click_trans_id=5)
    fields["merchant_prepare_id"] = "1"
    response = client.post(reverse("payments-click-complete"), data=fields)
    assert response.json()["error"] == -3


def test_get_and_json_bodies_are_answered_8_with_http_200(client):
    response = client.get(reverse("payments-click-prepare"))
    assert (response.status_code, response.json()["error"]) == (200, -8)
    response = client.post(
        reverse("payments-click-complete"), data={"a": 1}, content_type="application/json"
    )
    assert (response.status_code, response.json()["error"]) == (200, -8)


# --- Prepare -------------------------------------------------------------------------------------


def test_prepare_holds_the_order_and_repeats_the_same_prepare_id(client, order):
    held_until = order.reservation_expires_at
    trans_id, first = prepare(client, order)
    _, second = prepare(client, order, trans_id=trans_id)
    payment = Payment.objects.get()
    order.refresh_from_db()

    assert (
        first
        == second
        == {
            "click_trans_id": trans_id,
            "merchant_trans_id": order.number,
            "merchant_prepare_id": payment.pk,
            "error": 0,
            "error_note": "Success",
        }
    )
    assert payment.status == PaymentStatus.PROCESSING
    assert payment.click_paydoc_id == trans_id + 5_000_000
    assert order.reservation_expires_at > held_until


def test_prepare_errors_in_clicks_order(client, order):
    assert prepare(client, order, amount=order.total + 1)[1]["error"] == -2
    ghost = awaiting_order(method="click")
    ghost.number = "DX-NOSUCH00"
    assert prepare(client, ghost)[1]["error"] == -5
    paid(client, order)
    # Already paid outranks a wrong amount.
    assert prepare(client, order, amount="1.00")[1]["error"] == -4


def test_prepare_for_a_cancelled_order_is_9(client, order):
    advance(order, OrderStatus.CANCELLED)
    assert prepare(client, order)[1]["error"] == -9


# --- Complete ------------------------------------------------------------------------------------


def test_complete_pays_the_order_once(client, order, django_capture_on_commit_callbacks):
    trans_id, prepared = prepare(client, order)
    prepare_id = prepared["merchant_prepare_id"]
    with django_capture_on_commit_callbacks():
        first = complete(client, order, trans_id, prepare_id)
        again = complete(client, order, trans_id, prepare_id)
    order.refresh_from_db()

    assert first == {
        "click_trans_id": trans_id,
        "merchant_trans_id": order.number,
        "merchant_confirm_id": prepare_id,
        "error": 0,
        "error_note": "Success",
    }
    assert again["error"] == -4
    assert order.status == OrderStatus.PAID
    assert order.payment_reference == f"payment:{prepare_id}"
    assert Notification.objects.filter(type=NotificationType.ORDER_PAID, channel="sms").count() == 1


def test_complete_with_unknown_or_foreign_prepare_id_is_6(client, order):
    trans_id, prepared = prepare(client, order)
    other_id, other = prepare(client, awaiting_order(method="click"))
    assert complete(client, order, trans_id, 999_999_999)["error"] == -6
    assert complete(client, order, trans_id, other["merchant_prepare_id"])["error"] == -6
    assert complete(client, order, other_id, prepared["merchant_prepare_id"])["error"] == -6
    order.refresh_from_db()
    assert order.paid_at is None


def test_complete_with_another_amount_is_2(client, order):
    trans_id, prepared = prepare(client, order)
    assert (
        complete(client, order, trans_id, prepared["merchant_prepare_id"], amount="300")["error"]
        == -2
    )


def test_click_failure_cancels_the_attempt_and_a_retry_pays(client, order):
    trans_id, prepared = prepare(client, order)
    prepare_id = prepared["merchant_prepare_id"]
    assert complete(client, order, trans_id, prepare_id, error=-5017)["error"] == -9
    assert complete(client, order, trans_id, prepare_id, error=-5017)["error"] == -9
    assert complete(client, order, trans_id, prepare_id, error=0)["error"] == -9
    payment = Payment.objects.get(pk=prepare_id)
    order.refresh_from_db()

    assert payment.status == PaymentStatus.CANCELLED
    assert (payment.provider_error, payment.provider_error_note) == (-5017, "Payment failed")
    assert order.paid_at is None
    assert order.status == OrderStatus.AWAITING_PAYMENT
    assert prepare(client, order, trans_id=trans_id)[1]["error"] == -9

    retry_id, retry = prepare(client, order)
    assert complete(client, order, retry_id, retry["merchant_prepare_id"])["error"] == 0


@pytest.mark.parametrize("configured", [-4, -9])
def test_failure_reported_for_a_confirmed_payment_keeps_it_paid_and_flags_it(
    client, order, settings, configured
):
    settings.CLICK_CANCEL_CONFIRMED_ERROR = configured
    trans_id, prepare_id = paid(client, order)
    body = complete(client, order, trans_id, prepare_id, error=-5017)
    payment = Payment.objects.get(pk=prepare_id)
    order.refresh_from_db()

    assert body["error"] == configured
    assert payment.status == PaymentStatus.PAID
    assert payment.needs_review is True
    assert order.status == OrderStatus.PAID
    flag = PaymentMismatch.objects.get()
    assert (flag.kind, flag.payment_id) == (MismatchKind.CANCEL_AFTER_CONFIRM, payment.pk)
    complete(client, order, trans_id, prepare_id, error=-5017)
    assert PaymentMismatch.objects.count() == 1


def test_second_attempt_completing_after_the_order_was_paid_is_4_and_cancelled(client, order):
    first_id, first = prepare(client, order)
    second_id, second = prepare(client, order)
    assert complete(client, order, first_id, first["merchant_prepare_id"])["error"] == 0
    assert complete(client, order, second_id, second["merchant_prepare_id"])["error"] == -4
    assert Payment.objects.get(pk=second["merchant_prepare_id"]).status == PaymentStatus.CANCELLED
    assert Payment.objects.filter(status=PaymentStatus.PAID).count() == 1


def test_complete_after_the_order_expired_is_9(client, order):
    trans_id, prepared = prepare(client, order)
    advance(order, OrderStatus.CANCELLED)
    assert complete(client, order, trans_id, prepared["merchant_prepare_id"])["error"] == -9
    order.refresh_from_db()
    assert order.paid_at is None


def test_callbacks_are_logged_with_the_fields_as_posted(client, order):
    _trans_id, prepared = prepare(client, order, amount="39000")
    logs = PaymentLog.objects.filter(kind="callback")
    assert logs.get().request["amount"] == "39000"
    assert logs.get().response == prepared
    assert CLICK_SECRET_KEY not in str(list(PaymentLog.objects.values()))
