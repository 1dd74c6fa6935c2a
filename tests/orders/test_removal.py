"""Staff taking packs the pharmacy cannot supply off an order before handover: who may, when,
what happens to stock, totals, history and the customer, and the event payments reacts to."""

from decimal import Decimal

import pytest
from django.urls import reverse

from apps.notifications.models import Notification, NotificationType
from apps.orders import events
from apps.orders.errors import (
    InvalidRemovalQuantity,
    LastOrderLine,
    NothingToRemove,
    OrderChangeNotAllowed,
    OrderItemNotFound,
    OrderNotChangeable,
    ReasonRequired,
)
from apps.orders.models import (
    OrderItem,
    OrderItemAllocation,
    OrderItemRemoval,
    OrderStatus,
    OrderStatusHistory,
    PaymentMethod,
)
from apps.orders.services import (
    order_item_reduce,
    order_item_remove,
    order_mark_paid,
    order_transition,
    register_line_removal_check,
    unregister_line_removal_check,
)
from apps.products.models import StockBatch, StockMovement, StockMovementKind
from tests.conftest import client_for
from tests.orders.factories import named, place_order, stocked_product, two_line_order
from tests.products.factories import ProductFactory, receive
from tests.users.factories import AdminFactory, CourierFactory, CustomerFactory, OperatorFactory

pytestmark = pytest.mark.django_db

S = OrderStatus
FEE = Decimal("15000.00")


@pytest.fixture
def removals_sent():
    received = []

    def receiver(sender, signal, **kwargs):
        received.append(kwargs)

    events.order_items_removed.connect(receiver)
    yield received
    events.order_items_removed.disconnect(receiver)


def reserved(item_or_product) -> int:
    product_id = getattr(item_or_product, "product_id", getattr(item_or_product, "pk", None))
    return sum(StockBatch.objects.filter(product_id=product_id).values_list("reserved", flat=True))


def test_operator_removes_a_line_stock_back_totals_history_and_customer_told(
    removals_sent, django_capture_on_commit_callbacks
):
    order, aspirin, vitamins = two_line_order()
    operator = OperatorFactory()
    assert order.total == Decimal("39000.00") + FEE
    assert reserved(aspirin) == 3

    with django_capture_on_commit_callbacks(execute=True):
        removal = order_item_remove(
            order=order, item_id=aspirin.pk, actor=operator, reason="Out of stock on the shelf"
        )

    order.refresh_from_db()
    assert not OrderItem.objects.filter(pk=aspirin.pk).exists()
    assert not OrderItemAllocation.objects.filter(item_id=aspirin.pk).exists()
    assert reserved(aspirin) == 0
    assert reserved(vitamins) == 2
    release = StockMovement.objects.get(kind=StockMovementKind.RELEASE)
    assert (release.reserved_delta, release.reference) == (-3, order.number)
    assert order.items_total == Decimal("9000.00")
    assert order.delivery_fee == FEE
    assert order.total == Decimal("24000.00")
    assert order.status == S.CREATED
    assert (removal.quantity, removal.quantity_kept) == (3, 0)
    assert removal.product_name == aspirin.product_name
    assert removal.amount == Decimal("30000.00") == removal.items_amount
    assert (removal.total_before, removal.total_after) == (Decimal("54000.00"), order.total)
    entry = OrderStatusHistory.objects.filter(order=order).last()
    assert (entry.from_status, entry.to_status, entry.actor) == (S.CREATED, S.CREATED, operator)
    assert "Aspirin" in entry.reason
    assert "Out of stock on the shelf" in entry.reason
    told = Notification.objects.filter(user=order.customer, type=NotificationType.ORDER_CHANGED)
    assert sorted(told.values_list("channel", flat=True)) == ["in_app", "sms"]
    assert removals_sent == [
        {
            "order_id": order.pk,
            "order_number": order.number,
            "removal_id": removal.pk,
            "amount": Decimal("30000.00"),
            "actor_id": operator.pk,
        }
    ]


def test_reducing_a_line_keeps_the_first_expiring_packs():
    product = ProductFactory(price=Decimal("10000.00"))
    soon = receive(product, 2, days=100)
    later = receive(product, 5, days=400)
    other = stocked_product(5)
    order = place_order(CustomerFactory(), [(product, 4), (other, 1)], payment_method="cash")
    item = order.items.get(product=product)
    assert sorted(item.allocations.values_list("batch_id", "quantity")) == sorted(
        [(soon.pk, 2), (later.pk, 2)]
    )

    removal = order_item_reduce(
        order=order, item_id=item.pk, keep=1, actor=OperatorFactory(), reason="damaged packs"
    )

    item.refresh_from_db()
    assert (item.quantity, item.line_total) == (1, Decimal("10000.00"))
    assert list(item.allocations.values_list("batch_id", "quantity")) == [(soon.pk, 1)]
    soon.refresh_from_db()
    later.refresh_from_db()
    assert (soon.reserved, later.reserved) == (1, 0)
    assert (soon.quantity, later.quantity) == (2, 5)
    assert removal.quantity == 3
    assert removal.amount == Decimal("30000.00")


@pytest.mark.parametrize("role_factory", [CustomerFactory, CourierFactory])
def test_only_staff_may_remove_lines(role_factory):
    order, aspirin, _vitamins = two_line_order()
    with pytest.raises(OrderChangeNotAllowed):
        order_item_remove(order=order, item_id=aspirin.pk, actor=role_factory(), reason="x")
    with pytest.raises(OrderChangeNotAllowed):
        order_item_remove(order=order, item_id=aspirin.pk, actor=order.customer, reason="x")
    with pytest.raises(OrderChangeNotAllowed):
        order_item_remove(order=order, item_id=aspirin.pk, actor=None, reason="x")
    assert reserved(aspirin) == 3
    assert not OrderItemRemoval.objects.exists()


def _to_status(order, status: str):
    operator = OperatorFactory()
    path = {
        S.PREPARING: [S.PREPARING],
        S.READY_FOR_DELIVERY: [S.PREPARING, S.READY_FOR_DELIVERY],
        S.ON_THE_WAY: [S.PREPARING, S.READY_FOR_DELIVERY, S.ON_THE_WAY],
        S.DELIVERED: [S.PREPARING, S.READY_FOR_DELIVERY, S.ON_THE_WAY, S.DELIVERED],
        S.CANCELLED: [S.CANCELLED],
    }[status]
    for step in path:
        actor = AdminFactory() if step in (S.ON_THE_WAY, S.DELIVERED) else operator
        order = order_transition(order=order, to=step, actor=actor, reason="test")
    return order


@pytest.mark.parametrize("status", [S.PREPARING, S.READY_FOR_DELIVERY])
def test_removal_allowed_until_handover(status):
    order, aspirin, _vitamins = two_line_order()
    order = _to_status(order, status)
    order_item_remove(order=order, item_id=aspirin.pk, actor=OperatorFactory(), reason="short")
    order.refresh_from_db()
    assert (order.status, order.total) == (status, Decimal("24000.00"))


@pytest.mark.parametrize("status", [S.ON_THE_WAY, S.DELIVERED, S.CANCELLED])
def test_removal_refused_after_handover_or_cancellation(status):
    order, aspirin, _vitamins = two_line_order()
    order = _to_status(order, status)
    before = (order.total, StockMovement.objects.count())
    with pytest.raises(OrderNotChangeable):
        order_item_remove(order=order, item_id=aspirin.pk, actor=OperatorFactory(), reason="x")
    order.refresh_from_db()
    assert (order.total, StockMovement.objects.count()) == before
    assert OrderItem.objects.filter(pk=aspirin.pk).exists()


def test_removal_refused_while_an_online_payment_is_awaited():
    order, aspirin, _vitamins = two_line_order(method=PaymentMethod.CLICK)
    assert order.status == S.AWAITING_PAYMENT
    with pytest.raises(OrderNotChangeable):
        order_item_remove(order=order, item_id=aspirin.pk, actor=OperatorFactory(), reason="x")


def test_a_paid_online_order_may_lose_a_line_and_says_it_was_paid():
    order, aspirin, _vitamins = two_line_order(method=PaymentMethod.PAYME)
    order = order_mark_paid(order=order, reference="payment:1")
    removal = order_item_remove(
        order=order, item_id=aspirin.pk, actor=OperatorFactory(), reason="none left"
    )
    assert removal.was_paid is True
    assert removal.order_status == S.PAID


def test_the_last_line_cannot_be_removed_cancel_instead():
    order = place_order(CustomerFactory(), [(stocked_product(5), 2)], payment_method="cash")
    item = order.items.get()
    with pytest.raises(LastOrderLine):
        order_item_remove(order=order, item_id=item.pk, actor=OperatorFactory(), reason="x")
    # Reducing the only line is fine.
    order_item_reduce(order=order, item_id=item.pk, keep=1, actor=OperatorFactory(), reason="x")
    item.refresh_from_db()
    assert item.quantity == 1


def test_reason_and_quantity_are_checked():
    order, aspirin, _vitamins = two_line_order()
    operator = OperatorFactory()
    with pytest.raises(ReasonRequired):
        order_item_remove(order=order, item_id=aspirin.pk, actor=operator, reason="  ")
    with pytest.raises(InvalidRemovalQuantity):
        order_item_reduce(order=order, item_id=aspirin.pk, keep=4, actor=operator, reason="x")
    with pytest.raises(InvalidRemovalQuantity):
        order_item_reduce(order=order, item_id=aspirin.pk, keep=-1, actor=operator, reason="x")
    with pytest.raises(NothingToRemove):
        order_item_reduce(order=order, item_id=aspirin.pk, keep=3, actor=operator, reason="x")
    other = place_order(CustomerFactory(), payment_method="cash").items.get()
    with pytest.raises(OrderItemNotFound):
        order_item_remove(order=order, item_id=other.pk, actor=operator, reason="x")
    assert reserved(aspirin) == 3


def test_removing_twice_has_one_effect():
    order, aspirin, _vitamins = two_line_order()
    operator = OperatorFactory()
    order_item_remove(order=order, item_id=aspirin.pk, actor=operator, reason="short")
    with pytest.raises(OrderItemNotFound):
        order_item_remove(order=order, item_id=aspirin.pk, actor=operator, reason="short")
    order.refresh_from_db()
    assert order.total == Decimal("24000.00")
    assert OrderItemRemoval.objects.count() == 1
    assert StockMovement.objects.filter(kind=StockMovementKind.RELEASE).count() == 1


def test_losing_free_delivery_does_not_cost_the_customer(settings):
    settings.ORDER_FREE_DELIVERY_FROM = Decimal("30000.00")
    order, aspirin, _vitamins = two_line_order()
    assert order.delivery_fee == Decimal("0.00")
    removal = order_item_remove(
        order=order, item_id=aspirin.pk, actor=OperatorFactory(), reason="short"
    )
    order.refresh_from_db()
    assert order.delivery_fee == Decimal("0.00")
    assert order.total == Decimal("9000.00")
    assert removal.delivery_fee_reduction == Decimal("0.00")


def test_a_cheaper_delivery_fee_is_passed_on(settings):
    settings.ORDER_DELIVERY_FEE = Decimal("15000.00")
    order, _aspirin, vitamins = two_line_order()
    # The shop lowered its fee since checkout: the re-quote for what is left is cheaper.
    settings.ORDER_DELIVERY_FEE = Decimal("12000.00")
    removal = order_item_remove(
        order=order, item_id=vitamins.pk, actor=OperatorFactory(), reason="short"
    )
    order.refresh_from_db()
    assert order.delivery_fee == Decimal("12000.00")
    assert removal.delivery_fee_reduction == Decimal("3000.00")
    assert removal.amount == Decimal("12000.00")
    assert order.total == Decimal("42000.00") == removal.total_after


def test_a_registered_check_can_refuse_removal():
    order, aspirin, _vitamins = two_line_order()

    def picked_up(*, order):
        return False

    register_line_removal_check(picked_up)
    try:
        with pytest.raises(OrderNotChangeable):
            order_item_remove(order=order, item_id=aspirin.pk, actor=OperatorFactory(), reason="x")
    finally:
        unregister_line_removal_check(picked_up)


# --- API ----------------------------------------------------------------------------------------


def url(order, item) -> str:
    return reverse("order-item-remove", args=[order.number, item.pk])


def test_the_detail_tells_staff_whether_lines_may_be_removed_now(clients):
    order, _aspirin, _vitamins = two_line_order()
    detail = reverse("order-detail", args=[order.number])
    customer = client_for(order.customer)
    assert clients["operator"].get(detail).json()["lines_removable"] is True
    assert customer.get(detail).json()["lines_removable"] is False

    def picked_up(*, order):
        return False

    register_line_removal_check(picked_up)
    try:
        assert clients["operator"].get(detail).json()["lines_removable"] is False
    finally:
        unregister_line_removal_check(picked_up)

    order_transition(order=order, to=S.CANCELLED, actor=OperatorFactory(), reason="closed")
    assert clients["admin"].get(detail).json()["lines_removable"] is False


def test_api_operator_removes_a_line_and_gets_the_order(operator_client):
    order, aspirin, vitamins = two_line_order()
    response = operator_client.post(
        url(order, aspirin), {"keep": 1, "reason": "two packs damaged"}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["total"] == "34000.00"
    assert [(i["id"], i["quantity"]) for i in body["items"]] == [(aspirin.pk, 1), (vitamins.pk, 2)]
    assert [
        (r["product_id"], r["quantity"], r["unit_price"], r["amount"], r["reason"])
        for r in body["removed_items"]
    ] == [(aspirin.product_id, 2, "10000.00", "20000.00", "two packs damaged")]


def test_the_customer_sees_what_was_removed_and_why(customer_client, customer):
    aspirin = stocked_product(5, **named("Aspirin"))
    order = place_order(customer, [(aspirin, 2), (stocked_product(5), 1)], payment_method="cash")
    staff = OperatorFactory()
    item = order.items.get(product=aspirin)
    order_item_remove(order=order, item_id=item.pk, actor=staff, reason="damaged")

    body = customer_client.get(reverse("order-detail", args=[order.number])).json()
    assert [(r["product_name"], r["quantity"], r["reason"]) for r in body["removed_items"]] == [
        ("Aspirin 500 mg", 2, "damaged")
    ]
    assert "actor" not in body["removed_items"][0]


def test_api_errors(operator_client):
    order, aspirin, _vitamins = two_line_order()
    response = operator_client.post(url(order, aspirin), {}, format="json")
    assert (response.status_code, response.json()["error"]["code"]) == (400, "reason_required")
    response = operator_client.post(url(order, aspirin), {"keep": 3, "reason": "x"}, format="json")
    assert (response.status_code, response.json()["error"]["code"]) == (409, "nothing_to_remove")


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 401),
        ("customer", 403),
        ("customer_b", 403),
        ("courier", 403),
        ("courier_b", 403),
        ("operator", 200),
        ("admin", 200),
    ],
)
def test_api_permissions_per_role(clients, customer, role, expected):
    aspirin = stocked_product(5, **named("Aspirin"))
    order = place_order(customer, [(aspirin, 2), (stocked_product(5), 1)], payment_method="cash")
    item = order.items.get(product=aspirin)
    response = clients[role].post(url(order, item), {"reason": "short"}, format="json")
    assert response.status_code == expected, response.content
    assert OrderItem.objects.filter(pk=item.pk).exists() is (expected != 200)


# --- admin --------------------------------------------------------------------------------------


def test_admin_page_removes_packs_through_the_service(client, admin_user):
    staff = admin_user
    client.force_login(staff)
    order, aspirin, _vitamins = two_line_order()
    page = reverse("admin:orders_order_remove_item", args=[order.pk, aspirin.pk])
    assert client.get(page).status_code == 200
    change = client.get(reverse("admin:orders_order_change", args=[order.pk]))
    assert page in change.content.decode()

    response = client.post(page, {"keep": 2, "reason": "one pack damaged"})

    assert response.status_code == 302
    aspirin.refresh_from_db()
    assert aspirin.quantity == 2
    removal = OrderItemRemoval.objects.get()
    assert (removal.actor, removal.reason) == (staff, "one pack damaged")
    refused = client.post(page, {"keep": 2, "reason": "again"})
    assert refused.status_code == 200
    assert OrderItemRemoval.objects.count() == 1
