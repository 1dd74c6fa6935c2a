from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from apps.notifications.models import Notification
from apps.orders import events
from apps.orders.errors import (
    InvalidTransition,
    OrderAlreadyPaid,
    OrderNotPayable,
    ReasonRequired,
    TransitionNotAllowed,
)
from apps.orders.models import Order, OrderStatus, OrderStatusHistory, StockState
from apps.orders.selectors import (
    order_accepts_payment,
    order_fiscal_lines,
    order_payable_amount,
)
from apps.orders.services import (
    order_cancel,
    order_mark_paid,
    order_mark_refunded,
    order_reservation_extend,
    order_reservations_expire,
    order_transition,
)
from apps.orders.tasks import order_reservations_expire_task
from apps.prescriptions.models import PrescriptionUsage
from apps.products.models import StockBatch, StockMovement, StockMovementKind
from tests.orders.factories import place_order, stocked_product
from tests.prescriptions.factories import ApprovedPrescriptionFactory, PrescriptionItemFactory
from tests.products.factories import ProductFactory, receive

pytestmark = pytest.mark.django_db

S = OrderStatus


@pytest.fixture
def recorded_events():
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    events.order_status_changed.connect(receiver)
    yield received
    events.order_status_changed.disconnect(receiver)


def _reserved(product) -> dict[str, int]:
    return {b.lot_number: b.reserved for b in StockBatch.objects.filter(product=product)}


def _prepared(order: Order, operator) -> Order:
    """Move an order through payment (if online) into preparation."""
    if order.status == S.AWAITING_PAYMENT:
        order = order_mark_paid(order=order, reference=f"pay-{order.number}")
    return order_transition(order=order, to=S.PREPARING, actor=operator)


# --- cancellation returns what the order holds, once -----------------------------------------


def test_cancel_returns_stock_to_the_same_batches(customer):
    product = ProductFactory()
    receive(product, 2, days=90, lot="EARLY")
    receive(product, 10, days=300, lot="LATE")
    order = place_order(customer, [(product, 5)])
    assert _reserved(product) == {"EARLY": 2, "LATE": 3}

    order = order_cancel(order=order, actor=customer, reason="Changed my mind")

    assert _reserved(product) == {"EARLY": 0, "LATE": 0}
    releases = StockMovement.objects.filter(kind=StockMovementKind.RELEASE)
    assert sorted(releases.values_list("batch__lot_number", "reserved_delta", "reference")) == [
        ("EARLY", -2, order.number),
        ("LATE", -3, order.number),
    ]
    assert (order.status, order.stock_state) == (S.CANCELLED, StockState.RELEASED)
    assert order.cancelled_at is not None
    last = OrderStatusHistory.objects.filter(order=order).last()
    assert (last.from_status, last.to_status, last.actor, last.actor_role, last.reason) == (
        S.AWAITING_PAYMENT,
        S.CANCELLED,
        customer,
        "customer",
        "Changed my mind",
    )


def test_a_second_cancel_is_refused_and_returns_nothing(customer):
    product = stocked_product(5)
    order = place_order(customer, [(product, 2)])
    order_cancel(order=order, actor=customer)
    with pytest.raises(InvalidTransition):
        order_cancel(order=order, actor=customer)
    assert StockMovement.objects.filter(kind=StockMovementKind.RELEASE).count() == 1
    assert StockBatch.objects.get(product=product).reserved == 0


def test_customers_cannot_cancel_once_preparation_started(customer, operator):
    order = _prepared(place_order(customer), operator)
    with pytest.raises(TransitionNotAllowed):
        order_cancel(order=order, actor=customer)


def test_staff_cancel_needs_a_reason(customer, operator):
    order = _prepared(place_order(customer), operator)
    with pytest.raises(ReasonRequired):
        order_cancel(order=order, actor=operator, reason="  ")
    order = order_cancel(order=order, actor=operator, reason="Damaged pack")
    assert order.status == S.CANCELLED


def test_cancel_releases_the_prescription_packs(customer):
    rx = stocked_product(requires_prescription=True)
    item = PrescriptionItemFactory(
        prescription=ApprovedPrescriptionFactory(owner=customer), product=rx, quantity=1
    )
    order = place_order(customer, [(rx, 1)], prescription_ids=[item.prescription_id])
    assert order.prescription_claimed
    order = order_cancel(order=order, actor=customer)
    usage = PrescriptionUsage.objects.get()
    assert usage.released_at is not None
    assert not order.prescription_claimed
    # The packs are free again for the next order.
    again = place_order(customer, [(rx, 1)], prescription_ids=[item.prescription_id])
    assert again.status == S.AWAITING_PAYMENT


def test_cancelling_a_paid_order_tells_payments_to_refund(
    customer, recorded_events, django_capture_on_commit_callbacks
):
    order = order_mark_paid(order=place_order(customer), reference="payme-1")
    with django_capture_on_commit_callbacks(execute=True):
        order = order_cancel(order=order, actor=customer)
    assert order.is_paid_online
    assert recorded_events[-1] == {
        "signal": events.order_status_changed,
        "order_id": order.pk,
        "order_number": order.number,
        "from_status": S.PAID,
        "to_status": S.CANCELLED,
        "actor_id": customer.pk,
    }


# --- handover --------------------------------------------------------------------------------


def test_courier_delivery_turns_the_reservation_into_a_sale(customer, operator, courier):
    product = stocked_product(10)
    order = _prepared(place_order(customer, [(product, 3)]), operator)
    order_transition(order=order, to=S.READY_FOR_DELIVERY, actor=operator)
    order_transition(order=order, to=S.ON_THE_WAY, actor=courier)
    order = order_transition(order=order, to=S.DELIVERED, actor=courier)

    batch = StockBatch.objects.get(product=product)
    assert (batch.quantity, batch.reserved) == (7, 0)
    sale = StockMovement.objects.get(kind=StockMovementKind.SALE)
    assert (sale.quantity_delta, sale.reserved_delta, sale.actor) == (-3, -3, courier)
    assert (order.stock_state, order.delivered_at is not None) == (StockState.SOLD, True)
    assert list(order.history.values_list("to_status", flat=True)) == [
        S.CREATED,
        S.AWAITING_PAYMENT,
        S.PAID,
        S.PREPARING,
        S.READY_FOR_DELIVERY,
        S.ON_THE_WAY,
        S.DELIVERED,
    ]


def test_pickup_orders_are_handed_over_at_the_counter(customer, operator):
    product = stocked_product(4)
    order = place_order(customer, [(product, 4)], payment_method="cash", delivery_type="pickup")
    assert order.status == S.CREATED
    for status in (S.PREPARING, S.READY_FOR_DELIVERY, S.DELIVERED):
        order = order_transition(order=order, to=status, actor=operator)
    batch = StockBatch.objects.get(product=product)
    assert (batch.quantity, batch.reserved) == (0, 0)
    with pytest.raises(InvalidTransition):
        order_transition(order=order, to=S.CANCELLED, actor=operator, reason="too late")


def test_the_customer_hears_about_each_step(customer, operator, courier):
    order = _prepared(place_order(customer), operator)
    order_transition(order=order, to=S.READY_FOR_DELIVERY, actor=operator)
    order_transition(order=order, to=S.ON_THE_WAY, actor=courier)
    order_transition(order=order, to=S.DELIVERED, actor=courier)
    sent = Notification.objects.filter(user=customer)
    for kind in (
        "order_created",
        "order_paid",
        "order_ready",
        "order_on_the_way",
        "order_delivered",
    ):
        assert sorted(sent.filter(type=kind).values_list("channel", flat=True)) == [
            "in_app",
            "sms",
        ], kind


def test_events_follow_the_commit_and_carry_the_transition(
    customer, operator, recorded_events, django_capture_on_commit_callbacks
):
    order = _prepared(place_order(customer), operator)
    assert recorded_events == []  # not committed yet
    with django_capture_on_commit_callbacks(execute=True):
        order_transition(order=order, to=S.READY_FOR_DELIVERY, actor=operator)
    assert [(e["from_status"], e["to_status"], e["actor_id"]) for e in recorded_events] == [
        (S.PREPARING, S.READY_FOR_DELIVERY, operator.pk)
    ]


def test_a_refused_transition_records_nothing(customer, courier):
    order = place_order(customer)
    with pytest.raises(InvalidTransition):
        order_transition(order=order, to=S.DELIVERED, actor=courier)
    assert order.history.count() == 2
    assert Order.objects.get().status == S.AWAITING_PAYMENT


# --- reservation expiry ----------------------------------------------------------------------


def test_unpaid_orders_expire_after_the_reservation_time_and_return_stock(customer, settings):
    settings.ORDER_RESERVATION_MINUTES = 30
    product = stocked_product(5)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        order = place_order(customer, [(product, 2)])
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert order_reservations_expire() == 0
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        assert order_reservations_expire_task.apply().get() == 1
        assert order_reservations_expire() == 0

    order.refresh_from_db()
    assert (order.status, order.stock_state) == (S.CANCELLED, StockState.RELEASED)
    assert StockBatch.objects.get(product=product).reserved == 0
    assert StockMovement.objects.filter(kind=StockMovementKind.RELEASE).count() == 1
    last = order.history.last()
    assert (last.actor, last.actor_role, last.reason) == (None, "system", "Reservation expired")
    assert Notification.objects.filter(user=customer, type="order_cancelled").count() == 2


def test_cash_and_paid_orders_do_not_expire(customer):
    cash = place_order(customer, payment_method="cash")
    paid = order_mark_paid(order=place_order(customer), reference="click-1")
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        assert order_reservations_expire() == 0
    assert {o.status for o in Order.objects.filter(pk__in=[cash.pk, paid.pk])} == {
        S.CREATED,
        S.PAID,
    }


def test_an_extended_reservation_holds_until_the_new_time(customer):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        order = place_order(customer)
        order_reservation_extend(order=order, until=start + timedelta(hours=12))
        order_reservation_extend(order=order, until=start + timedelta(minutes=5))
    with time_machine.travel(start + timedelta(hours=11), tick=False):
        assert order_reservations_expire() == 0
    with time_machine.travel(start + timedelta(hours=12, seconds=1), tick=False):
        assert order_reservations_expire() == 1


def test_orders_awaiting_a_prescription_expire_after_their_own_wait(customer, settings):
    settings.ORDER_PRESCRIPTION_WAIT_MINUTES = 600
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        order = place_order(customer, [(stocked_product(requires_prescription=True), 1)])
    assert order.status == S.AWAITING_PRESCRIPTION
    with time_machine.travel(start + timedelta(minutes=599), tick=False):
        assert order_reservations_expire() == 0
    with time_machine.travel(start + timedelta(minutes=601), tick=False):
        assert order_reservations_expire() == 1


# --- what payments calls ---------------------------------------------------------------------


def test_mark_paid_is_idempotent_per_reference(customer):
    order = place_order(customer)
    first = order_mark_paid(order=order, reference="payme-63a1")
    again = order_mark_paid(order=order, reference="payme-63a1")
    assert (first.status, again.status, again.payment_reference) == (S.PAID, S.PAID, "payme-63a1")
    assert again.paid_at == first.paid_at
    assert order.history.filter(to_status=S.PAID).count() == 1
    assert order.reservation_expires_at is not None
    assert again.reservation_expires_at is None
    with pytest.raises(OrderAlreadyPaid):
        order_mark_paid(order=order, reference="click-other")


@pytest.mark.parametrize("state", ["cash", "cancelled"])
def test_orders_not_awaiting_payment_cannot_be_paid(customer, state):
    if state == "cash":
        order = place_order(customer, payment_method="cash")
    else:
        order = order_cancel(order=place_order(customer), actor=customer)
    assert not order_accepts_payment(order=order)
    with pytest.raises(OrderNotPayable):
        order_payable_amount(order=order)
    with pytest.raises(OrderNotPayable):
        order_mark_paid(order=order, reference="payme-1")
    with pytest.raises(OrderNotPayable):
        order_reservation_extend(order=order, until=timezone.now() + timedelta(hours=1))


def test_payable_amount_and_fiscal_lines_add_up_to_the_total(customer, settings):
    settings.ORDER_DELIVERY_FEE = Decimal("12000.00")
    settings.ORDER_FREE_DELIVERY_FROM = Decimal("0")
    a = stocked_product(price=Decimal("8500.50"), vat_percent=12)
    b = stocked_product(price=Decimal("1200.00"), vat_percent=0)
    order = place_order(customer, [(a, 3), (b, 1)])
    assert order_accepts_payment(order=order)
    assert order_payable_amount(order=order) == Decimal("38701.50")
    lines, shipping = order_fiscal_lines(order=order)
    assert sum(line.unit_price * line.quantity for line in lines) + shipping == order.total
    assert [(line.ikpu_code, line.package_code, line.vat_percent) for line in lines] == [
        (a.ikpu_code, a.package_code, 12),
        (b.ikpu_code, b.package_code, 0),
    ]
    paid = order_mark_paid(order=order, reference="p-1")
    with pytest.raises(OrderAlreadyPaid):
        order_payable_amount(order=paid)


def test_refund_of_a_paid_order_returns_its_stock_once(customer, operator):
    product = stocked_product(5)
    order = _prepared(place_order(customer, [(product, 2)]), operator)
    order = order_mark_refunded(order=order, reference="payme-cancel-1", reason="Payme cancel")
    again = order_mark_refunded(order=order, reference="payme-cancel-1")
    assert (order.status, again.status, order.stock_state) == (
        S.REFUNDED,
        S.REFUNDED,
        StockState.RELEASED,
    )
    assert StockBatch.objects.get(product=product).reserved == 0
    assert StockMovement.objects.filter(kind=StockMovementKind.RELEASE).count() == 1
    assert order.history.last().reason == "Payme cancel (payme-cancel-1)"


def test_refund_after_cancellation_does_not_release_again(customer):
    order = order_mark_paid(order=place_order(customer), reference="click-9")
    order_cancel(order=order, actor=customer)
    order = order_mark_refunded(order=order, reference="click-9-reversal")
    assert order.status == S.REFUNDED
    assert StockMovement.objects.filter(kind=StockMovementKind.RELEASE).count() == 1


def test_delivered_or_cash_orders_cannot_be_refunded(customer, operator):
    cash = place_order(customer, payment_method="cash", delivery_type="pickup")
    with pytest.raises(InvalidTransition):
        order_mark_refunded(order=cash, reference="r-1")
    for status in (S.PREPARING, S.READY_FOR_DELIVERY, S.DELIVERED):
        cash = order_transition(order=cash, to=status, actor=operator)
    with pytest.raises(InvalidTransition):
        order_mark_refunded(order=cash, reference="r-2")


def test_a_failing_receiver_does_not_undo_or_fail_the_change(
    customer, customer_client, django_capture_on_commit_callbacks, caplog
):
    def broken(sender, **kwargs):
        raise RuntimeError("delivery app is down")

    events.order_status_changed.connect(broken)
    try:
        order = place_order(customer)
        with django_capture_on_commit_callbacks(execute=True):
            response = customer_client.post(f"/api/v1/orders/{order.number}/cancel/")
    finally:
        events.order_status_changed.disconnect(broken)
    assert response.status_code == 200
    assert Order.objects.get().status == S.CANCELLED
    assert "order_status_changed receiver" in caplog.text
