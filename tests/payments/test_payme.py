"""Payme Merchant API through HTTP (Django test client): transport, auth, every method, the
state rules, the 12-hour rule, refunds and the statement."""

import base64
import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.notifications.models import Notification, NotificationType
from apps.orders.models import Order, OrderStatus, StockState
from apps.payments.clock import ms_from_datetime, now_ms
from apps.payments.models import (
    Payment,
    PaymentLog,
    PaymentLogKind,
    PaymentStatus,
    PaymeState,
)
from apps.payments.services import payme_transactions_expire, payment_start
from apps.products.models import StockBatch
from tests.payments.factories import advance, awaiting_order
from tests.payments.providers import (
    PAYME_KEY,
    payme_account,
    payme_amount,
    payme_auth,
    payme_call,
    payme_id,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("provider_settings")]

TWELVE_HOURS = timedelta(hours=12)


def error_code(body: dict) -> int:
    return body["error"]["code"]


def create(client, order, tid=None, *, time=None, amount=None, account=None):
    params = {
        "id": tid or payme_id(),
        "time": time if time is not None else now_ms(),
        "amount": amount if amount is not None else payme_amount(order),
        "account": account if account is not None else payme_account(order),
    }
    return params["id"], payme_call(client, "CreateTransaction", params)


def perform(client, tid):
    return payme_call(client, "PerformTransaction", {"id": tid})


def cancel(client, tid, reason=3):
    return payme_call(client, "CancelTransaction", {"id": tid, "reason": reason})


def check(client, tid):
    return payme_call(client, "CheckTransaction", {"id": tid})


def reserved_units(order: Order) -> int:
    return sum(
        StockBatch.objects.filter(product__order_items__order=order).values_list(
            "reserved", flat=True
        )
    )


@pytest.fixture
def order(db):
    return awaiting_order()


# --- transport and authentication ----------------------------------------------------------------


ALL_METHODS = [
    ("CheckPerformTransaction", {"amount": 100, "account": {"order_id": "DX-00000000"}}),
    ("CreateTransaction", {"id": "a" * 24, "time": 1, "amount": 100, "account": {}}),
    ("PerformTransaction", {"id": "a" * 24}),
    ("CancelTransaction", {"id": "a" * 24, "reason": 1}),
    ("CheckTransaction", {"id": "a" * 24}),
    ("GetStatement", {"from": 0, "to": 1}),
    ("SetFiscalData", {"id": "a" * 24, "type": "PERFORM", "fiscal_data": {}}),
    ("NoSuchMethod", {}),
]


WRONG_CREDENTIALS = {
    "missing": "",
    "wrong-key": payme_auth(key="wrong-key"),
    "wrong-login": payme_auth(login="Payme"),
    "key-cut-at-its-colon": payme_auth(key=PAYME_KEY.split(":")[0]),
    "longer-key": "Basic " + base64.b64encode(f"Paycom:{PAYME_KEY}x".encode()).decode(),
    "not-basic": "Bearer " + base64.b64encode(f"Paycom:{PAYME_KEY}".encode()).decode(),
    "not-base64": "Basic not-base64!!",
}


def _refused_without_trace(body: dict, rpc_id) -> None:
    assert body["id"] == rpc_id
    assert error_code(body) == -32504
    assert set(body["error"]["message"]) == {"ru", "uz", "en"}
    assert not Payment.objects.exists()
    assert not PaymentLog.objects.exists()


@pytest.mark.parametrize(("method", "params"), ALL_METHODS)
def test_every_method_refuses_wrong_credentials_with_32504_and_writes_nothing(
    client, order, method, params
):
    body = payme_call(client, method, params, auth=payme_auth(key="wrong"), rpc_id=42)
    _refused_without_trace(body, 42)


@pytest.mark.parametrize("authorization", WRONG_CREDENTIALS.values(), ids=WRONG_CREDENTIALS)
def test_any_credential_but_the_exact_login_and_key_is_refused(client, order, authorization):
    params = {
        "id": payme_id(),
        "time": now_ms(),
        "amount": payme_amount(order),
        "account": payme_account(order),
    }
    body = payme_call(client, "CreateTransaction", params, auth=authorization, rpc_id=43)
    _refused_without_trace(body, 43)


def test_no_key_configured_authorises_nobody(client, order, settings):
    settings.PAYME_KEY = ""
    body = payme_call(client, "CheckPerformTransaction", {}, auth=payme_auth(key=""))
    assert error_code(body) == -32504


def test_key_containing_colons_is_accepted_whole(client, order):
    body = payme_call(
        client,
        "CheckPerformTransaction",
        {"amount": payme_amount(order), "account": payme_account(order)},
        auth=payme_auth(key=PAYME_KEY),
    )
    assert body["result"]["allow"] is True


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_not_post_is_32300_with_http_200(client, method):
    response = getattr(client, method)(reverse("payments-payme"))
    assert response.status_code == 200
    assert response.json()["error"]["code"] == -32300


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"{not json", -32700),
        (b"\xff\xfe", -32700),
        (b"[1, 2]", -32600),
        (b'{"params": {}, "id": 3}', -32600),
        (b'{"method": "CheckTransaction", "params": [], "id": 3}', -32600),
        (b'{"method": "CheckTransaction", "params": {"id": 5}, "id": 3}', -32600),
    ],
)
def test_malformed_bodies_get_protocol_errors_with_http_200(client, raw, code):
    response = client.post(
        reverse("payments-payme"),
        data=raw,
        content_type="application/json",
        HTTP_AUTHORIZATION=payme_auth(),
    )
    assert response.status_code == 200
    assert response.json()["error"]["code"] == code


def test_unknown_method_is_32601_naming_it(client):
    body = payme_call(client, "ChangePassword", {"password": "x"}, rpc_id="abc")
    assert body == {
        "error": {
            "code": -32601,
            "message": body["error"]["message"],
            "data": "ChangePassword",
        },
        "id": "abc",
    }


def test_body_is_parsed_whatever_the_content_type_and_needs_no_jsonrpc_member(client, order):
    body = {
        "method": "CheckPerformTransaction",
        "params": {"amount": payme_amount(order), "account": payme_account(order)},
        "id": 9,
    }
    response = client.post(
        reverse("payments-payme"),
        data=json.dumps(body),
        content_type="text/plain",
        HTTP_AUTHORIZATION=payme_auth(),
    )
    assert response.json()["result"]["allow"] is True


# --- CheckPerformTransaction ---------------------------------------------------------------------


def test_check_perform_allows_with_a_fiscal_detail_summing_to_the_amount(client, settings):
    order = awaiting_order(quantity=3)
    body = payme_call(
        client,
        "CheckPerformTransaction",
        {"amount": payme_amount(order), "account": payme_account(order)},
    )
    detail = body["result"]["detail"]
    item = detail["items"][0]
    line = order.items.get()

    assert body["result"]["allow"] is True
    assert detail["receipt_type"] == 0
    assert item == {
        "title": line.product_name,
        "price": 1_200_000,
        "count": 3,
        "code": line.ikpu_code,
        "package_code": line.package_code,
        "vat_percent": 12,
    }
    assert detail["shipping"]["price"] == 1_500_000
    total = sum(i["price"] * i["count"] for i in detail["items"]) + detail["shipping"]["price"]
    assert total == payme_amount(order) == 5_100_000


def test_fiscal_detail_of_a_pickup_order_has_no_shipping_and_sums_over_lines(client):
    from tests.orders.factories import place_order, stocked_product
    from tests.users.factories import CustomerFactory

    lines = [(stocked_product(price=price), qty) for price, qty in (("999.99", 3), ("15000.50", 2))]
    order = place_order(CustomerFactory(), lines, delivery_type="pickup")
    detail = payme_call(
        client,
        "CheckPerformTransaction",
        {"amount": payme_amount(order), "account": payme_account(order)},
    )["result"]["detail"]

    assert "shipping" not in detail
    assert sorted((i["price"], i["count"]) for i in detail["items"]) == [
        (99_999, 3),
        (1_500_050, 2),
    ]
    assert sum(i["price"] * i["count"] for i in detail["items"]) == payme_amount(order)


@pytest.mark.parametrize("amount", ["wrong", "float", "string", "zero", "bool"])
def test_check_perform_wrong_amount_is_31001(client, order, amount):
    value = {
        "wrong": payme_amount(order) + 1,
        "float": payme_amount(order) + 0.0,
        "string": str(payme_amount(order)),
        "zero": 0,
        "bool": True,
    }[amount]
    body = payme_call(
        client, "CheckPerformTransaction", {"amount": value, "account": payme_account(order)}
    )
    assert error_code(body) == -31001


@pytest.mark.parametrize("account", [{"order_id": "DX-NOSUCH00"}, {}, {"order_id": ""}, None])
def test_check_perform_unknown_order_is_31050_with_data_order_id(client, order, account):
    body = payme_call(
        client, "CheckPerformTransaction", {"amount": payme_amount(order), "account": account}
    )
    assert error_code(body) == -31050
    assert body["error"]["data"] == "order_id"
    assert body["error"]["message"]["uz"]


def test_check_perform_refuses_a_cancelled_order_with_an_order_error(client, order):
    advance(order, OrderStatus.CANCELLED)
    body = payme_call(
        client,
        "CheckPerformTransaction",
        {"amount": payme_amount(order), "account": payme_account(order)},
    )
    assert error_code(body) == -31051
    assert body["error"]["data"] == "order_id"


def test_check_perform_refuses_paid_order_and_order_with_active_transaction(client, order):
    params = {"amount": payme_amount(order), "account": payme_account(order)}
    tid, _ = create(client, order)
    assert error_code(payme_call(client, "CheckPerformTransaction", params)) == -31008
    perform(client, tid)
    assert error_code(payme_call(client, "CheckPerformTransaction", params)) == -31008


# --- CreateTransaction ---------------------------------------------------------------------------


def test_create_opens_a_transaction_and_extends_the_reservation(client, order):
    time = now_ms()
    tid, body = create(client, order, time=time)
    payment = Payment.objects.get(payme_transaction_id=tid)
    order.refresh_from_db()

    assert body["result"] == {
        "create_time": payment.create_time,
        "transaction": str(payment.pk),
        "state": 1,
    }
    assert payment.payme_time == time
    assert payment.status == PaymentStatus.PROCESSING
    assert payment.account == payme_account(order)
    assert payment.amount == order.total
    assert ms_from_datetime(order.reservation_expires_at) == time + 43_200_000


def test_create_repeated_returns_the_stored_result_even_later(client, order, time_machine):
    tid, first = create(client, order)
    time_machine.move_to(timezone.now() + timedelta(hours=1))
    _, second = create(client, order, tid)
    assert second == first
    assert Payment.objects.count() == 1


def test_create_with_new_id_while_one_is_open_or_performed_is_31008(client, order):
    tid, _ = create(client, order)
    assert error_code(create(client, order)[1]) == -31008
    perform(client, tid)
    assert error_code(create(client, order)[1]) == -31008
    assert Payment.objects.count() == 1


def test_create_wrong_amount_and_unknown_order(client, order):
    assert error_code(create(client, order, amount=payme_amount(order) - 100)[1]) == -31001
    assert error_code(create(client, order, account={"order_id": "DX-NOSUCH00"})[1]) == -31050
    assert not Payment.objects.exists()


def test_create_of_a_transaction_older_than_12_hours_is_refused(client, order):
    too_old = now_ms() - 43_200_001
    assert error_code(create(client, order, time=too_old)[1]) == -31008
    assert not Payment.objects.exists()


def test_create_continues_the_attempt_the_customer_started(client, order):
    started = payment_start(
        customer=order.customer, order_id=order.pk, provider="payme", request=None
    ).payment
    tid, _ = create(client, order)
    started.refresh_from_db()
    assert started.payme_transaction_id == tid
    assert Payment.objects.count() == 1


@pytest.mark.parametrize("params", [{"time": "x"}, {"id": 12}, {"id": ""}, {"time": -1}])
def test_create_with_malformed_fields_is_32600(client, order, params):
    body = payme_call(
        client,
        "CreateTransaction",
        {
            "id": payme_id(),
            "time": now_ms(),
            "amount": payme_amount(order),
            "account": payme_account(order),
            **params,
        },
    )
    assert error_code(body) == -32600


# --- PerformTransaction --------------------------------------------------------------------------


def test_perform_marks_the_order_paid_once_and_queues_one_sms(
    client, order, django_capture_on_commit_callbacks
):
    tid, _ = create(client, order)
    with django_capture_on_commit_callbacks():
        first = perform(client, tid)
        second = perform(client, tid)
    payment = Payment.objects.get()
    order.refresh_from_db()

    assert first == second
    assert first["result"] == {
        "transaction": str(payment.pk),
        "perform_time": payment.perform_time,
        "state": 2,
    }
    assert payment.status == PaymentStatus.PAID
    assert order.status == OrderStatus.PAID
    assert order.payment_reference == f"payment:{payment.pk}"
    paid_sms = Notification.objects.filter(type=NotificationType.ORDER_PAID, channel="sms")
    assert paid_sms.count() == 1


def test_perform_unknown_transaction_is_31003(client):
    assert error_code(perform(client, payme_id())) == -31003


def test_perform_of_cancelled_transaction_is_31008_and_never_pays(client, order):
    tid, _ = create(client, order)
    cancel(client, tid)
    assert error_code(perform(client, tid)) == -31008
    order.refresh_from_db()
    assert order.paid_at is None


def test_perform_after_12_hours_cancels_with_reason_4_and_is_31008(client, order, time_machine):
    tid, _ = create(client, order)
    time_machine.move_to(timezone.now() + TWELVE_HOURS + timedelta(seconds=1))
    body = perform(client, tid)
    payment = Payment.objects.get()
    order.refresh_from_db()

    assert error_code(body) == -31008
    assert (payment.state, payment.reason, payment.status) == (-1, 4, PaymentStatus.CANCELLED)
    assert order.paid_at is None
    assert order.reservation_expires_at <= timezone.now()
    assert check(client, tid)["result"]["state"] == -1


def test_create_replayed_after_12_hours_cancels_with_reason_4_and_is_31008(
    client, order, time_machine
):
    tid, _ = create(client, order)
    time_machine.move_to(timezone.now() + TWELVE_HOURS + timedelta(seconds=1))
    assert error_code(create(client, order, tid)[1]) == -31008
    result = check(client, tid)["result"]
    assert (result["state"], result["reason"]) == (-1, 4)
    assert result["cancel_time"] > 0


def test_perform_of_an_order_cancelled_meanwhile_is_31008(client, order):
    tid, _ = create(client, order)
    advance(order, OrderStatus.CANCELLED)
    assert error_code(perform(client, tid)) == -31008
    assert Payment.objects.get().state == PaymeState.CREATED


# --- expiry job ----------------------------------------------------------------------------------


def test_expiry_job_cancels_stale_open_transactions_and_releases_the_stock(
    client, order, time_machine
):
    from apps.orders.services import order_reservations_expire

    fresh_order = awaiting_order()
    stale, _ = create(client, order)
    time_machine.move_to(timezone.now() + TWELVE_HOURS - timedelta(minutes=1))
    fresh, _ = create(client, fresh_order)
    time_machine.move_to(timezone.now() + timedelta(minutes=2))

    assert payme_transactions_expire() == 1
    assert payme_transactions_expire() == 0
    assert check(client, stale)["result"]["reason"] == 4
    assert check(client, fresh)["result"]["state"] == 1
    assert reserved_units(order) == 2
    order_reservations_expire()
    order.refresh_from_db()
    fresh_order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert order.stock_state == StockState.RELEASED
    assert reserved_units(order) == 0
    assert fresh_order.status == OrderStatus.AWAITING_PAYMENT
    assert reserved_units(fresh_order) == 2


# --- CancelTransaction ---------------------------------------------------------------------------


def test_cancel_open_transaction_then_retry_succeeds(client, order):
    tid, _ = create(client, order)
    first = cancel(client, tid, reason=3)
    second = cancel(client, tid, reason=1)
    payment = Payment.objects.get(payme_transaction_id=tid)

    assert first == second
    assert first["result"] == {
        "transaction": str(payment.pk),
        "cancel_time": payment.cancel_time,
        "state": -1,
    }
    assert payment.reason == 3
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT
    # The 12-hour hold ends with the attempt; the usual reservation time is left to retry.
    assert order.reservation_expires_at <= timezone.now() + timedelta(minutes=30)

    retry, body = create(client, order)
    assert body["result"]["state"] == 1
    assert perform(client, retry)["result"]["state"] == 2
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_cancel_after_perform_refunds_and_returns_the_stock(
    client, order, django_capture_on_commit_callbacks
):
    batch = StockBatch.objects.get(product__order_items__order=order)
    reserved_before = batch.reserved
    tid, _ = create(client, order)
    perform(client, tid)
    with django_capture_on_commit_callbacks():
        first = cancel(client, tid, reason=5)
    second = cancel(client, tid, reason=5)
    order.refresh_from_db()
    batch.refresh_from_db()
    payment = Payment.objects.get()

    assert first == second
    assert first["result"]["state"] == -2
    assert (payment.status, payment.reason) == (PaymentStatus.REFUNDED, 5)
    assert order.status == OrderStatus.REFUNDED
    assert batch.reserved == reserved_before - 2
    assert (
        Notification.objects.filter(type=NotificationType.REFUND_DONE, channel="sms").count() == 1
    )


def test_cancel_after_delivery_is_31007_and_changes_nothing(client):
    order = awaiting_order(delivery_type="pickup")
    tid, _ = create(client, order)
    perform(client, tid)
    advance(order, OrderStatus.PREPARING, OrderStatus.READY_FOR_DELIVERY, OrderStatus.DELIVERED)

    body = cancel(client, tid, reason=5)
    assert error_code(body) == -31007
    assert check(client, tid)["result"]["state"] == 2
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED


def test_cancel_unknown_is_31003_and_bad_reason_is_32600(client, order):
    assert error_code(cancel(client, payme_id())) == -31003
    tid, _ = create(client, order)
    assert error_code(cancel(client, tid, reason=99)) == -32600


# --- CheckTransaction ----------------------------------------------------------------------------


def test_check_transaction_reports_stored_times_with_zero_for_unset(client, order):
    tid, created = create(client, order)
    result = check(client, tid)["result"]
    assert result == {
        "create_time": created["result"]["create_time"],
        "perform_time": 0,
        "cancel_time": 0,
        "transaction": created["result"]["transaction"],
        "state": 1,
        "reason": None,
    }
    assert error_code(check(client, payme_id())) == -31003


# --- GetStatement --------------------------------------------------------------------------------


def test_statement_lists_payme_times_within_inclusive_bounds_ascending(client):
    base = now_ms() - 60_000
    orders = [awaiting_order() for _ in range(4)]
    # Created out of order: the statement sorts by Payme's time, not by our clock or id.
    times = [base + 30, base + 10, base + 20, base + 40]
    ids = [create(client, o, time=t)[0] for o, t in zip(orders, times, strict=True)]
    perform(client, ids[2])

    result = payme_call(client, "GetStatement", {"from": base + 10, "to": base + 30})["result"]
    listed = result["transactions"]

    assert [row["time"] for row in listed] == [base + 10, base + 20, base + 30]
    assert [row["id"] for row in listed] == [ids[1], ids[2], ids[0]]
    performed = listed[1]
    assert set(performed) == {
        "id",
        "time",
        "amount",
        "account",
        "create_time",
        "perform_time",
        "cancel_time",
        "transaction",
        "state",
        "reason",
        "receivers",
    }
    assert performed["state"] == 2
    assert performed["amount"] == payme_amount(orders[2])
    assert performed["account"] == payme_account(orders[2])
    assert payme_call(client, "GetStatement", {"from": base + 41, "to": base + 99})["result"] == {
        "transactions": []
    }
    assert (
        payme_call(client, "GetStatement", {"from": base + 40, "to": base + 40})["result"][
            "transactions"
        ][0]["id"]
        == ids[3]
    )


def test_statement_needs_integer_bounds(client):
    assert error_code(payme_call(client, "GetStatement", {"from": "0", "to": 5})) == -32600


# --- SetFiscalData -------------------------------------------------------------------------------


def test_set_fiscal_data_stores_perform_and_cancel_receipts_separately(client, order):
    tid, _ = create(client, order)
    receipt = {"receipt_id": 1, "status_code": 0, "terminal_id": "EP000000000", "qr_code_url": "x"}
    for kind in ("PERFORM", "CANCEL"):
        body = payme_call(
            client,
            "SetFiscalData",
            {"id": tid, "type": kind, "fiscal_data": {**receipt, "kind": kind}},
        )
        assert body["result"] == {"success": True}
    payment = Payment.objects.get()
    assert payment.fiscal_perform["kind"] == "PERFORM"
    assert payment.fiscal_cancel["kind"] == "CANCEL"
    unknown = {"id": payme_id(), "type": "PERFORM", "fiscal_data": receipt}
    assert error_code(payme_call(client, "SetFiscalData", unknown)) == -32001
    bad = {"id": tid, "type": "REFUND", "fiscal_data": receipt}
    assert error_code(payme_call(client, "SetFiscalData", bad)) == -32600


# --- audit log -----------------------------------------------------------------------------------


def test_every_authenticated_callback_is_logged_without_credentials(client, order):
    tid, _ = create(client, order)
    perform(client, tid)
    payme_call(client, "CheckTransaction", {"id": payme_id()})
    callbacks = PaymentLog.objects.filter(kind=PaymentLogKind.CALLBACK).order_by("id")

    assert [log.action for log in callbacks] == [
        "CreateTransaction",
        "PerformTransaction",
        "CheckTransaction",
    ]
    assert callbacks[0].payment.payme_transaction_id == tid
    assert callbacks[2].error_code == -31003
    assert callbacks[1].response["result"]["state"] == 2
    changes = PaymentLog.objects.filter(kind=PaymentLogKind.STATE_CHANGE)
    assert list(changes.values_list("to_status", flat=True)) == ["processing", "paid"]
    everything = json.dumps(list(PaymentLog.objects.values("request", "response", "outcome")))
    assert PAYME_KEY not in everything
    assert "Basic" not in everything


def test_an_internal_failure_is_32400_with_http_200_and_logged(client, order):
    # An order whose total no longer matches its lines: the receipt cannot be built.
    Order.objects.filter(pk=order.pk).update(delivery_fee=order.delivery_fee + 1)
    body = payme_call(
        client,
        "CheckPerformTransaction",
        {"amount": payme_amount(order), "account": payme_account(order)},
    )
    assert error_code(body) == -32400
    assert PaymentLog.objects.get().outcome == "system error"
