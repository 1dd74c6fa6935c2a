import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.core.errors import ValidationFailed
from apps.notifications.models import Notification
from apps.orders import events
from apps.orders.models import (
    CartItem,
    Order,
    OrderItem,
    OrderItemAllocation,
    OrderStatus,
    StockState,
)
from apps.orders.pricing import register_delivery_quoter, unregister_delivery_quoter
from apps.prescriptions.models import PrescriptionUsage
from apps.products.models import StockBatch, StockMovement, StockMovementKind
from tests.orders.factories import fill_cart, place_order, stocked_product
from tests.prescriptions.factories import (
    ApprovedPrescriptionFactory,
    PrescriptionFactory,
    PrescriptionItemFactory,
)
from tests.products.factories import ProductFactory, receive
from tests.users.factories import CustomerFactory

pytestmark = pytest.mark.django_db

CHECKOUT = reverse("checkout")
COURIER_PAYME = {
    "payment_method": "payme",
    "delivery_type": "courier",
    "address": {"text": "Toshkent, Yunusobod 4-12", "latitude": "41.3675", "longitude": "69.2890"},
}
PICKUP_CASH = {"payment_method": "cash", "delivery_type": "pickup"}


def _checkout(client, body=None, key="key-1", **headers):
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(CHECKOUT, body or COURIER_PAYME, format="json", **headers)


def _error(response) -> str:
    return response.json()["error"]["code"]


@pytest.fixture
def delivery_fee(settings):
    settings.ORDER_DELIVERY_FEE = Decimal("15000.00")
    settings.ORDER_FREE_DELIVERY_FROM = Decimal("300000.00")


# --- the order made ----------------------------------------------------------------------------


def test_checkout_snapshots_prices_and_fiscal_codes_and_totals(
    customer, customer_client, delivery_fee
):
    aspirin = stocked_product(price=Decimal("8500.00"), vat_percent=12, package_code="1500001")
    syrup = stocked_product(price=Decimal("23000.50"), ikpu_code="30402001002000000")
    fill_cart(customer, [(aspirin, 2), (syrup, 1)])

    response = _checkout(customer_client)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert re.fullmatch(r"DX-[0-9A-HJKMNP-TV-Z]{8}", body["number"])
    assert (body["items_total"], body["delivery_fee"], body["total"]) == (
        "40000.50",
        "15000.00",
        "55000.50",
    )
    assert body["status"] == "awaiting_payment"
    lines = {
        (i["product_id"], i["unit_price"], i["quantity"], i["line_total"]) for i in body["items"]
    }
    assert lines == {
        (aspirin.pk, "8500.00", 2, "17000.00"),
        (syrup.pk, "23000.50", 1, "23000.50"),
    }
    item = OrderItem.objects.get(product=syrup)
    assert (item.ikpu_code, item.package_code, item.vat_percent) == (
        "30402001002000000",
        syrup.package_code,
        syrup.vat_percent,
    )
    assert item.product_name == str(syrup)
    assert body["delivery"]["address"] == {
        "text": "Toshkent, Yunusobod 4-12",
        "latitude": "41.367500",
        "longitude": "69.289000",
    }
    assert [t["to_status"] for t in body["timeline"]] == ["created", "awaiting_payment"]


def test_later_price_and_name_changes_never_touch_the_order(customer, customer_client):
    product = stocked_product(price=Decimal("10000.00"), name_uz="Aspirin")
    fill_cart(customer, [(product, 3)])
    number = _checkout(customer_client).json()["number"]

    product.price = Decimal("99000.00")
    product.name_uz = "Aspirin Forte"
    product.vat_percent = 0
    product.save()

    body = customer_client.get(reverse("order-detail", args=[number])).json()
    assert (body["items"][0]["unit_price"], body["items_total"]) == ("10000.00", "30000.00")
    assert body["items"][0]["product_name"].startswith("Aspirin ")
    assert "Forte" not in body["items"][0]["product_name"]
    assert OrderItem.objects.get().vat_percent == 12


def test_checkout_reserves_stock_first_expiring_first_and_records_it_per_line(
    customer, customer_client
):
    product = ProductFactory()
    late = receive(product, 10, days=300)
    early = receive(product, 2, days=90)
    fill_cart(customer, [(product, 5)])

    body = _checkout(customer_client).json()

    allocations = list(
        OrderItemAllocation.objects.order_by("batch__expiry_date").values_list(
            "batch_id", "quantity"
        )
    )
    assert allocations == [(early.pk, 2), (late.pk, 3)]
    assert [b["quantity"] for b in body["items"][0]["batches"]] == [2, 3]
    assert {b.pk: b.reserved for b in StockBatch.objects.all()} == {early.pk: 2, late.pk: 3}
    assert set(
        StockMovement.objects.filter(kind=StockMovementKind.RESERVATION).values_list(
            "reference", flat=True
        )
    ) == {body["number"]}


def test_checkout_empties_the_cart(customer, customer_client):
    fill_cart(customer, [(stocked_product(), 1), (stocked_product(), 2)])
    _checkout(customer_client)
    assert not CartItem.objects.filter(cart__customer=customer).exists()


def test_status_price_and_total_in_the_body_are_ignored(customer, customer_client):
    product = stocked_product(price=Decimal("5000.00"))
    fill_cart(customer, [(product, 1)])
    body = {
        **PICKUP_CASH,
        "status": "delivered",
        "price": "1.00",
        "total": "1.00",
        "items_total": "1.00",
        "delivery_fee": "-100.00",
        "items": [{"product_id": product.pk, "unit_price": "1.00", "quantity": 1}],
    }
    response = _checkout(customer_client, body)
    assert response.status_code == 201
    order = Order.objects.get()
    assert (order.status, order.items_total, order.total) == (
        OrderStatus.CREATED,
        Decimal("5000.00"),
        Decimal("5000.00"),
    )
    assert OrderItem.objects.get().unit_price == Decimal("5000.00")


def test_order_numbers_are_not_sequential(customer_client, customer):
    numbers = []
    for index in range(3):
        fill_cart(customer, [(stocked_product(), 1)])
        numbers.append(_checkout(customer_client, PICKUP_CASH, key=f"k{index}").json()["number"])
    assert len(set(numbers)) == 3
    assert sorted(numbers) != numbers or sorted(numbers, reverse=True) != numbers


def test_creation_is_announced_to_the_customer_and_other_apps(
    customer, customer_client, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, **kwargs):
        received.append((kwargs["from_status"], kwargs["to_status"], kwargs["order_number"]))

    events.order_status_changed.connect(receiver)
    try:
        fill_cart(customer, [(stocked_product(), 1)])
        with django_capture_on_commit_callbacks(execute=True):
            number = _checkout(customer_client).json()["number"]
    finally:
        events.order_status_changed.disconnect(receiver)

    assert received == [("", "created", number), ("created", "awaiting_payment", number)]
    created = Notification.objects.filter(user=customer, type="order_created")
    assert sorted(created.values_list("channel", flat=True)) == ["in_app", "sms"]
    assert all(number in n.body for n in created)


def test_short_stock_is_409_naming_the_products_and_changes_nothing(customer, customer_client):
    plenty, scarce = stocked_product(10), stocked_product(3)
    fill_cart(customer, [(plenty, 2), (scarce, 3)])
    place_order(CustomerFactory(), [(scarce, 2)])

    response = _checkout(customer_client)

    assert response.status_code == 409
    assert _error(response) == "insufficient_stock"
    assert response.json()["error"]["details"]["items"] == [
        {"product_id": scarce.pk, "requested": 3, "available": 1, "name": scarce.name_uz}
    ]
    assert not Order.objects.filter(customer=customer).exists()
    assert sum(StockBatch.objects.filter(product=plenty).values_list("reserved", flat=True)) == 0
    assert CartItem.objects.filter(cart__customer=customer).count() == 2
    assert not Notification.objects.filter(user=customer).exists()


# --- idempotency -------------------------------------------------------------------------------


def test_the_same_key_and_request_returns_the_same_order(customer, customer_client):
    fill_cart(customer, [(stocked_product(), 2)])
    first = _checkout(customer_client, key="double-click")
    second = _checkout(customer_client, key="double-click")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["number"] == second.json()["number"]
    assert Order.objects.count() == 1
    assert StockMovement.objects.filter(kind=StockMovementKind.RESERVATION).count() == 1


def test_the_same_key_with_a_different_body_is_409(customer, customer_client):
    fill_cart(customer, [(stocked_product(), 1)])
    _checkout(customer_client, key="k")
    response = _checkout(customer_client, {**COURIER_PAYME, "payment_method": "click"}, key="k")
    assert (response.status_code, _error(response)) == (409, "idempotency_key_reused")
    assert Order.objects.count() == 1


def test_the_same_key_with_a_different_cart_is_409(customer, customer_client):
    fill_cart(customer, [(stocked_product(), 1)])
    _checkout(customer_client, key="k")
    fill_cart(customer, [(stocked_product(), 1)])
    response = _checkout(customer_client, key="k")
    assert (response.status_code, _error(response)) == (409, "idempotency_key_reused")
    assert Order.objects.count() == 1
    assert CartItem.objects.filter(cart__customer=customer).count() == 1


def test_keys_are_per_customer(customer, customer_client, customer_b, customer_b_client):
    fill_cart(customer, [(stocked_product(), 1)])
    fill_cart(customer_b, [(stocked_product(), 1)])
    assert _checkout(customer_client, key="same").status_code == 201
    assert _checkout(customer_b_client, key="same").status_code == 201
    assert Order.objects.count() == 2


@pytest.mark.parametrize("key", [None, "", "x" * 65, "has space", "ключ"])
def test_a_missing_or_malformed_key_is_refused(customer, customer_client, key):
    fill_cart(customer, [(stocked_product(), 1)])
    response = _checkout(customer_client, key=key)
    assert (response.status_code, _error(response)) == (400, "idempotency_key_required")
    assert not Order.objects.exists()


# --- refusals ----------------------------------------------------------------------------------


def test_an_empty_cart_cannot_be_checked_out(customer_client):
    response = _checkout(customer_client)
    assert (response.status_code, _error(response)) == (400, "cart_empty")


def test_a_product_withdrawn_after_it_was_added_is_refused(customer, customer_client):
    product = stocked_product()
    fill_cart(customer, [(product, 1)])
    product.is_active = False
    product.save()
    response = _checkout(customer_client)
    assert (response.status_code, _error(response)) == (400, "product_unavailable")
    assert response.json()["error"]["details"]["items"][0]["product_id"] == product.pk


def test_open_unpaid_orders_are_capped(customer, customer_client, settings):
    settings.ORDER_MAX_OPEN_UNPAID = 2
    for index in range(2):
        fill_cart(customer, [(stocked_product(), 1)])
        assert _checkout(customer_client, key=f"k{index}").status_code == 201
    fill_cart(customer, [(stocked_product(), 1)])
    response = _checkout(customer_client, key="k3")
    assert (response.status_code, _error(response)) == (409, "open_order_limit")
    assert response.json()["error"]["details"] == {"open_orders": 2, "max": 2}


def test_cancelled_orders_do_not_count_towards_the_cap(customer, customer_client, settings):
    from apps.orders.services import order_cancel

    settings.ORDER_MAX_OPEN_UNPAID = 1
    order_cancel(order=place_order(customer), actor=customer)
    fill_cart(customer, [(stocked_product(), 1)])
    assert _checkout(customer_client).status_code == 201


@pytest.mark.parametrize(
    "body",
    [
        {"payment_method": "payme", "delivery_type": "courier"},
        {"payment_method": "payme", "delivery_type": "courier", "address": {"text": " "}},
    ],
    ids=["missing", "blank"],
)
def test_courier_delivery_needs_an_address(customer, customer_client, body):
    fill_cart(customer, [(stocked_product(), 1)])
    response = _checkout(customer_client, body)
    assert response.status_code == 400
    assert _error(response) in {"address_required", "validation_error"}
    assert not Order.objects.exists()


def test_a_saved_address_that_is_not_the_customers_is_400(customer, customer_client):
    fill_cart(customer, [(stocked_product(), 1)])
    response = _checkout(
        customer_client, {"payment_method": "cash", "delivery_type": "courier", "address_id": 7}
    )
    assert (response.status_code, _error(response)) == (400, "address_not_found")


@pytest.mark.parametrize(
    "extra",
    [
        {"payment_method": "bitcoin"},
        {"delivery_type": "drone"},
        {"address": {"text": "x", "latitude": "91", "longitude": "69"}},
        {"address": {"text": "x", "latitude": "41"}},
        {"prescription_ids": ["a"]},
        {"note": "n" * 1001},
    ],
)
def test_malformed_checkout_bodies_are_validation_errors(customer, customer_client, extra):
    fill_cart(customer, [(stocked_product(), 1)])
    response = _checkout(customer_client, {**COURIER_PAYME, **extra})
    assert (response.status_code, _error(response)) == (400, "validation_error")


def test_checkout_is_throttled_per_customer(customer, customer_client, settings):
    settings.ORDER_CHECKOUT_RATE = "2/min"
    assert _checkout(customer_client, key="a").status_code == 400
    assert _checkout(customer_client, key="b").status_code == 400
    response = _checkout(customer_client, key="c")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


# --- delivery fee ------------------------------------------------------------------------------


def test_pickup_has_no_fee_and_no_address(customer, customer_client, delivery_fee):
    fill_cart(customer, [(stocked_product(price=Decimal("1000.00")), 1)])
    body = _checkout(customer_client, {**PICKUP_CASH, "address": {"text": "ignored"}}).json()
    assert (body["delivery_fee"], body["total"]) == ("0.00", "1000.00")
    assert body["delivery"]["address"] is None
    assert Order.objects.get().address_text == ""


def test_delivery_is_free_from_the_threshold(customer, customer_client, delivery_fee):
    fill_cart(customer, [(stocked_product(price=Decimal("150000.00")), 2)])
    body = _checkout(customer_client).json()
    assert (body["delivery_fee"], body["total"]) == ("0.00", "300000.00")


def test_a_registered_quoter_prices_courier_delivery(customer, customer_client):
    seen = []

    def by_zone(*, customer, address, items_total):
        seen.append((address.text, address.latitude, items_total))
        return Decimal("9000.00")

    register_delivery_quoter(by_zone)
    try:
        fill_cart(customer, [(stocked_product(price=Decimal("1000.00")), 1)])
        body = _checkout(customer_client).json()
    finally:
        unregister_delivery_quoter(by_zone)
    assert (body["delivery_fee"], body["total"]) == ("9000.00", "10000.00")
    assert seen == [("Toshkent, Yunusobod 4-12", Decimal("41.367500"), Decimal("1000.00"))]


def test_a_quoter_can_refuse_an_address_and_nothing_is_reserved(customer, customer_client):
    def outside(*, customer, address, items_total):
        raise ValidationFailed("Outside every delivery zone", code="address_outside_zones")

    register_delivery_quoter(outside)
    try:
        product = stocked_product()
        fill_cart(customer, [(product, 1)])
        response = _checkout(customer_client)
    finally:
        unregister_delivery_quoter(outside)
    assert (response.status_code, _error(response)) == (400, "address_outside_zones")
    assert not Order.objects.exists()
    assert StockBatch.objects.get(product=product).reserved == 0


# --- prescriptions -----------------------------------------------------------------------------


def test_cash_orders_wait_for_the_pharmacy_in_created(customer, customer_client):
    fill_cart(customer, [(stocked_product(), 1)])
    body = _checkout(customer_client, PICKUP_CASH).json()
    assert (body["status"], body["reservation_expires_at"]) == ("created", None)
    assert body["payment"]["amount_due"] == body["total"]


def test_prescription_items_without_a_prescription_wait_for_one(
    customer, customer_client, settings
):
    settings.ORDER_PRESCRIPTION_WAIT_MINUTES = 120
    rx = stocked_product(requires_prescription=True)
    fill_cart(customer, [(rx, 1), (stocked_product(), 1)])
    body = _checkout(customer_client).json()
    assert (body["status"], body["requires_prescription"]) == ("awaiting_prescription", True)
    expires = Order.objects.get().reservation_expires_at
    assert timedelta(minutes=119) < expires - timezone.now() <= timedelta(minutes=120)
    assert StockBatch.objects.get(product=rx).reserved == 1


def test_a_covering_approved_prescription_releases_the_order_at_checkout(customer, customer_client):
    rx = stocked_product(requires_prescription=True)
    item = PrescriptionItemFactory(
        prescription=ApprovedPrescriptionFactory(owner=customer), product=rx, quantity=2
    )
    fill_cart(customer, [(rx, 2)])
    body = _checkout(
        customer_client, {**COURIER_PAYME, "prescription_ids": [item.prescription_id]}
    ).json()
    assert body["status"] == "awaiting_payment"
    assert (body["prescription_ids"], body["prescription_claimed"]) == (
        [item.prescription_id],
        True,
    )
    usage = PrescriptionUsage.objects.get()
    assert (usage.reference, usage.quantity) == (body["number"], 2)


def test_a_prescription_covering_too_little_keeps_the_order_waiting(customer, customer_client):
    rx = stocked_product(requires_prescription=True)
    item = PrescriptionItemFactory(
        prescription=ApprovedPrescriptionFactory(owner=customer), product=rx, quantity=1
    )
    fill_cart(customer, [(rx, 2)])
    body = _checkout(
        customer_client, {**PICKUP_CASH, "prescription_ids": [item.prescription_id]}
    ).json()
    assert (body["status"], body["prescription_claimed"]) == ("awaiting_prescription", False)
    assert not PrescriptionUsage.objects.exists()


@pytest.mark.parametrize("whose", ["someone_else", "rejected", "unknown"])
def test_prescriptions_that_are_not_the_customers_to_use_are_400(customer, customer_client, whose):
    if whose == "someone_else":
        prescription_id = PrescriptionFactory().pk
    elif whose == "rejected":
        prescription_id = PrescriptionFactory(
            owner=customer, status="rejected", rejection_reason="unreadable"
        ).pk
    else:
        prescription_id = 424_242
    fill_cart(customer, [(stocked_product(requires_prescription=True), 1)])
    response = _checkout(customer_client, {**COURIER_PAYME, "prescription_ids": [prescription_id]})
    assert (response.status_code, _error(response)) == (400, "invalid_prescription")
    assert response.json()["error"]["details"] == {"prescription_ids": [prescription_id]}
    assert not Order.objects.exists()


def test_pickup_only_policy_refuses_prescription_items_by_courier(
    customer, customer_client, settings
):
    settings.ORDER_PRESCRIPTION_POLICY = "pickup_only"
    rx = stocked_product(requires_prescription=True)
    fill_cart(customer, [(rx, 1)])
    response = _checkout(customer_client)
    assert (response.status_code, _error(response)) == (400, "prescription_requires_pickup")
    assert response.json()["error"]["details"] == {"product_ids": [rx.pk]}


def test_pickup_only_policy_lets_pickup_orders_through_for_the_counter_check(
    customer, customer_client, settings
):
    settings.ORDER_PRESCRIPTION_POLICY = "pickup_only"
    fill_cart(customer, [(stocked_product(requires_prescription=True), 1)])
    body = _checkout(customer_client, {"payment_method": "click", "delivery_type": "pickup"})
    assert body.json()["status"] == "awaiting_payment"
    assert Order.objects.get().stock_state == StockState.RESERVED
