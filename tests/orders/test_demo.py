import pytest
from django.core.management import call_command

from apps.orders.models import Order, OrderStatus
from apps.users.demo import DEMO_USERS
from tests.orders.factories import stocked_product

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_orders_in_several_states_once(settings):
    settings.DEBUG = True
    stocked_product(10)
    stocked_product(10)
    call_command("seed_demo")
    call_command("seed_demo")
    customer_phone = DEMO_USERS["customer"][0]
    orders = Order.objects.filter(customer__phone_number=customer_phone)
    assert sorted(orders.values_list("status", flat=True)) == sorted(
        [OrderStatus.DELIVERED, OrderStatus.PREPARING, OrderStatus.CANCELLED]
    )
    assert all(order.history.exists() for order in orders)


def test_seed_demo_on_an_empty_database_orders_from_the_demo_catalog(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    orders = Order.objects.filter(customer__phone_number=DEMO_USERS["customer"][0])
    assert orders.count() == 3
    # Every order, the demo customer's and the dashboard's history, has lines.
    assert all(order.items.exists() for order in Order.objects.all())
