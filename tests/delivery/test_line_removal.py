"""Orders asks delivery (through `register_line_removal_check`) before staff take packs off an
order: once a courier picked the bag up, the pharmacy no longer holds the goods."""

import pytest

from apps.delivery.services import delivery_status_update
from apps.orders.errors import OrderNotChangeable
from apps.orders.models import OrderStatus
from apps.orders.services import order_item_remove
from tests.delivery.factories import assigned_delivery
from tests.orders.factories import stocked_product
from tests.users.factories import CourierFactory, OperatorFactory

pytestmark = pytest.mark.django_db


def two_lines():
    return [(stocked_product(5), 2), (stocked_product(5), 1)]


def test_lines_can_be_removed_while_the_assigned_courier_has_not_picked_up():
    delivery = assigned_delivery(CourierFactory(), lines=two_lines())
    item = delivery.order.items.order_by("pk").first()
    order_item_remove(order=delivery.order, item_id=item.pk, actor=OperatorFactory(), reason="x")
    assert delivery.order.items.count() == 1


def test_no_removal_once_the_courier_picked_the_bag_up():
    courier = CourierFactory()
    delivery = assigned_delivery(courier, lines=two_lines())
    delivery_status_update(delivery=delivery, actor=courier, to="picked_up")
    order = delivery.order
    order.refresh_from_db()
    assert order.status == OrderStatus.READY_FOR_DELIVERY
    item = order.items.order_by("pk").first()
    with pytest.raises(OrderNotChangeable):
        order_item_remove(order=order, item_id=item.pk, actor=OperatorFactory(), reason="x")
    assert order.items.count() == 2
