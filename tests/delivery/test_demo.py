from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from apps.core.roles import Role
from apps.delivery.models import CourierShift, DeliveryZone, PickupPoint
from apps.delivery.selectors import delivery_quote
from apps.users.demo import DEMO_USERS
from apps.users.models import Address

pytestmark = pytest.mark.django_db


def test_demo_seeds_zones_a_pharmacy_and_the_courier_on_shift_idempotently(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")

    assert sorted(DeliveryZone.objects.values_list("name", flat=True)) == [
        "Markaz",
        "Toshkent shahri",
    ]
    assert PickupPoint.objects.count() == 1
    shifts = CourierShift.objects.filter(ended_at__isnull=True)
    assert [s.courier.phone_number for s in shifts] == [DEMO_USERS[Role.COURIER][0]]
    address = Address.objects.get(user__phone_number=DEMO_USERS[Role.CUSTOMER][0])
    noon = datetime(2026, 11, 24, 12, 0, tzinfo=ZoneInfo("Asia/Tashkent"))
    quote = delivery_quote(
        latitude=address.latitude,
        longitude=address.longitude,
        items_total=Decimal("60000.00"),
        at=noon,
    )
    assert (quote.is_deliverable, quote.zone.name, quote.fee) == (
        True,
        "Markaz",
        Decimal("10000.00"),
    )
