"""Cash on delivery: confirming the cash, the courier cash ledger and hand-ins."""

from decimal import Decimal

import pytest
from django.urls import reverse

from apps.orders.models import OrderStatus
from apps.payments.models import Payment, PaymentStatus
from tests.conftest import client_for
from tests.payments.factories import advance, awaiting_order, on_the_way
from tests.users.factories import CourierFactory

pytestmark = pytest.mark.django_db

CONFIRM = reverse("payments-cash-confirm")
LEDGER = reverse("payments-cash-ledger")
HAND_IN = reverse("payments-cash-hand-in")


@pytest.fixture
def cash_order(courier):
    return on_the_way(awaiting_order(method="cash"), courier)


def confirm(client, order, amount=None):
    return client.post(
        CONFIRM, {"order_id": order.pk, "amount": str(amount or order.total)}, format="json"
    )


CONFIRM_TABLE = {
    "anonymous": 401,
    "customer": 403,
    "customer_b": 403,
    "courier": 201,
    "courier_b": 404,
    "operator": 201,
    "admin": 201,
}


@pytest.mark.parametrize(("role", "expected"), CONFIRM_TABLE.items())
def test_confirm_permission_table(clients, cash_order, role, expected):
    response = confirm(clients[role], cash_order)
    assert response.status_code == expected
    cash_order.refresh_from_db()
    assert (cash_order.paid_at is not None) == (expected == 201)


def test_only_the_courier_assigned_to_the_delivery_may_settle_it(
    courier_b_client, courier_client, cash_order
):
    refused = confirm(courier_b_client, cash_order)
    assert (refused.status_code, refused.json()["error"]["code"]) == (404, "not_found")
    assert not Payment.objects.exists()
    assert confirm(courier_client, cash_order).status_code == 201


def test_courier_confirms_cash_and_the_order_is_paid(courier_client, courier, cash_order):
    response = confirm(courier_client, cash_order)
    again = confirm(courier_client, cash_order)
    payment = Payment.objects.get()
    cash_order.refresh_from_db()

    assert (response.status_code, again.status_code) == (201, 200)
    assert response.json() == again.json()
    assert response.json()["payment_id"] == payment.pk
    assert (payment.provider, payment.status, payment.collected_by) == ("cash", "paid", courier)
    assert cash_order.payment_reference == f"payment:{payment.pk}"
    assert cash_order.status == OrderStatus.ON_THE_WAY


@pytest.mark.parametrize(
    ("case", "status", "code"),
    [
        ("amount", 400, "cash_amount_mismatch"),
        ("online-order", 409, "not_cash_order"),
        ("not-handed-over-yet", 409, "order_not_payable"),
        ("pickup-by-courier", 404, "not_found"),
        ("already-settled-by-someone-else", 409, "order_already_paid"),
    ],
)
def test_confirm_refusals(courier_client, operator_client, cash_order, case, status, code):
    order, amount = cash_order, None
    if case == "amount":
        amount = cash_order.total - Decimal("0.01")
    if case == "online-order":
        order = awaiting_order(method="payme")
    if case == "not-handed-over-yet":
        order = awaiting_order(method="cash")
    if case == "pickup-by-courier":
        order = awaiting_order(method="cash", delivery_type="pickup")
    if case == "already-settled-by-someone-else":
        assert confirm(operator_client, order).status_code == 201
    # Orders no courier was given are settled by staff, so staff hit the order-state checks.
    client = operator_client if case in ("online-order", "not-handed-over-yet") else courier_client
    response = confirm(client, order, amount)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_operator_confirms_cash_at_the_counter(operator_client):
    order = awaiting_order(method="cash", delivery_type="pickup")
    advance(order, OrderStatus.PREPARING, OrderStatus.READY_FOR_DELIVERY)
    assert confirm(operator_client, order).status_code == 201
    advance(order, OrderStatus.DELIVERED)
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED
    assert order.paid_at is not None


# --- ledger and hand-ins -------------------------------------------------------------------------


LEDGER_TABLE = {
    "anonymous": 401,
    "customer": 403,
    "customer_b": 403,
    "courier": 200,
    "courier_b": 200,
    "operator": 200,
    "admin": 200,
}


@pytest.mark.parametrize(("role", "expected"), LEDGER_TABLE.items())
def test_ledger_permission_table_and_couriers_see_only_their_own(
    clients, courier, cash_order, role, expected
):
    assert confirm(clients["courier"], cash_order).status_code == 201
    response = clients[role].get(LEDGER)
    assert response.status_code == expected
    if role == "courier_b":
        assert response.json() == []
    if role in ("courier", "operator", "admin"):
        assert [row["collector_id"] for row in response.json()] == [courier.pk]


def test_ledger_sums_what_each_collector_owes(courier_client, courier, operator_client):
    orders = [on_the_way(awaiting_order(method="cash", quantity=q), courier) for q in (1, 2)]
    for order in orders:
        confirm(courier_client, order)
    other = CourierFactory()
    other_order = on_the_way(awaiting_order(method="cash"), other)
    confirm(client_for(other), other_order)
    rows = {row["collector_id"]: row for row in operator_client.get(LEDGER).json()}

    assert rows[courier.pk]["amount_due"] == str(sum(o.total for o in orders))
    assert rows[courier.pk]["collections_count"] == 2
    assert {c["order_number"] for c in rows[courier.pk]["collections"]} == {
        o.number for o in orders
    }
    assert rows[other.pk]["amount_due"] == str(other_order.total)


@pytest.mark.parametrize("collections", [1, 4])
def test_ledger_runs_a_fixed_number_of_queries(
    courier, courier_client, operator_client, django_assert_num_queries, collections, settings
):
    settings.DELIVERY_MAX_ACTIVE_PER_COURIER = collections
    for _ in range(collections):
        confirm(courier_client, on_the_way(awaiting_order(method="cash"), courier))
    with django_assert_num_queries(3):  # the user, the totals, the open collections
        operator_client.get(LEDGER)


HAND_IN_TABLE = {
    "anonymous": 401,
    "customer": 403,
    "customer_b": 403,
    "courier": 403,
    "courier_b": 403,
    "operator": 200,
    "admin": 200,
}


@pytest.mark.parametrize(("role", "expected"), HAND_IN_TABLE.items())
def test_hand_in_permission_table(clients, cash_order, role, expected):
    payment_id = confirm(clients["courier"], cash_order).json()["payment_id"]
    response = clients[role].post(
        HAND_IN, {"payment_ids": [payment_id], "amount": str(cash_order.total)}, format="json"
    )
    assert response.status_code == expected
    assert (Payment.objects.get().handed_in_at is not None) == (expected == 200)


def test_hand_in_clears_the_ledger_exactly_once(courier, courier_client, operator_client, operator):
    orders = [on_the_way(awaiting_order(method="cash"), courier) for _ in range(2)]
    ids = [confirm(courier_client, o).json()["payment_id"] for o in orders]
    total = str(sum(o.total for o in orders))

    wrong = operator_client.post(HAND_IN, {"payment_ids": ids, "amount": "1.00"}, format="json")
    done = operator_client.post(HAND_IN, {"payment_ids": ids, "amount": total}, format="json")
    twice = operator_client.post(HAND_IN, {"payment_ids": ids, "amount": total}, format="json")
    unknown = operator_client.post(HAND_IN, {"payment_ids": [10**9], "amount": "1"}, format="json")

    assert wrong.json()["error"]["code"] == "cash_amount_mismatch"
    assert done.json() == {"handed_in": 2, "amount": total}
    assert twice.json()["error"]["code"] == "cash_already_handed_in"
    assert unknown.status_code == 404
    assert courier_client.get(LEDGER).json() == []
    assert set(Payment.objects.values_list("handed_in_to", flat=True)) == {operator.pk}


def test_cash_of_a_cancelled_order_is_recorded_returned_and_not_owed(
    courier_client, cash_order, django_capture_on_commit_callbacks
):
    confirm(courier_client, cash_order)
    with django_capture_on_commit_callbacks(execute=True):
        advance(cash_order, OrderStatus.CANCELLED)
    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.REFUNDED
    assert courier_client.get(LEDGER).json() == []


def test_admin_marks_cash_handed_in_from_the_ledger(
    admin_client, admin_user, courier, courier_client
):
    orders = [on_the_way(awaiting_order(method="cash"), courier) for _ in range(2)]
    ids = [confirm(courier_client, o).json()["payment_id"] for o in orders]
    changelist = reverse("admin:payments_cashcollection_changelist")

    page = admin_client.get(changelist + "?handed_in=no")
    response = admin_client.post(
        changelist, {"action": "mark_handed_in", "_selected_action": ids}, follow=True
    )

    assert page.status_code == 200
    assert str(sum(o.total for o in orders)) in page.content.decode()
    assert response.status_code == 200
    assert set(Payment.objects.values_list("handed_in_to", flat=True)) == {admin_user.pk}
    assert courier_client.get(LEDGER).json() == []
