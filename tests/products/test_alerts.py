from datetime import timedelta

import pytest
from django.utils import timezone

from apps.notifications.models import Channel, Notification, NotificationType
from apps.products.services import stock_reserve
from apps.products.tasks import stock_alerts_task
from tests.products.factories import ProductFactory, StockBatchFactory, receive
from tests.users.factories import AdminFactory, CustomerFactory, OperatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    operator = OperatorFactory(language="ru")
    admin = AdminFactory()
    OperatorFactory(is_active=False)
    CustomerFactory()
    return [operator, admin]


def test_low_stock_alerts_each_active_staff_member_once_per_dip(staff):
    product = ProductFactory(name_uz="Paratsetamol", name_ru="Парацетамол", low_stock_threshold=5)
    receive(product, 8)
    ProductFactory(low_stock_threshold=5, is_active=False)  # hidden products are not watched
    receive(ProductFactory(low_stock_threshold=5), 50)

    assert stock_alerts_task()["low_stock"] == 0
    stock_reserve(items=[(product.pk, 4)], reference="ORD-1")  # 4 sellable left
    assert stock_alerts_task() == {"low_stock": 1, "near_expiry": 0, "recovered": 0}
    assert stock_alerts_task()["low_stock"] == 0  # no repeat while still low

    alerts = Notification.objects.filter(type=NotificationType.LOW_STOCK)
    assert sorted(a.user_id for a in alerts) == sorted(u.pk for u in staff)
    assert {a.channel for a in alerts} == {Channel.IN_APP}
    russian = alerts.get(user=staff[0])
    assert russian.payload == {"product": "Парацетамол", "quantity": 4, "product_id": product.pk}
    assert "Парацетамол" in russian.body

    receive(product, 20)
    assert stock_alerts_task()["recovered"] == 1
    stock_reserve(items=[(product.pk, 22)], reference="ORD-2")
    assert stock_alerts_task()["low_stock"] == 1  # a new dip alerts again


def test_near_expiry_batches_alert_once(staff, settings):
    settings.NEAR_EXPIRY_ALERT_DAYS = 60
    product = ProductFactory(low_stock_threshold=0)
    near = receive(product, 10, days=45, lot="NEAR-1")
    receive(product, 10, days=200)
    StockBatchFactory(product=product, quantity=0, expiry_date=timezone.localdate())  # empty

    assert stock_alerts_task()["near_expiry"] == 1
    assert stock_alerts_task()["near_expiry"] == 0
    alert = Notification.objects.get(type=NotificationType.NEAR_EXPIRY, user=staff[1])
    assert alert.payload["lot"] == "NEAR-1"
    assert alert.payload["expiry_date"] == (timezone.localdate() + timedelta(days=45)).isoformat()
    assert alert.payload["batch_id"] == near.pk
