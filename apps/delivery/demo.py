"""Demo delivery set-up for the embedded shop: a pharmacy counter in central Tashkent, two
zones (a polygon over the centre, a wider circle around it: where they overlap the centre's
cheaper fee wins), the demo courier on shift, and a map pin on the demo customer's address so
they can order by courier. Idempotent."""

from datetime import time
from decimal import Decimal

from apps.core.roles import Role
from apps.users.demo import DEMO_USERS
from apps.users.models import Address, User

from .models import DeliveryZone, PickupPoint
from .services import courier_shift_start

PHARMACY = {
    "address": "Toshkent, Amir Temur ko'chasi, 15",
    "latitude": Decimal("41.316000"),
    "longitude": Decimal("69.281000"),
    "phone_number": "+998712000000",
    "opens_at": time(8, 0),
    "closes_at": time(22, 0),
}
# [longitude, latitude], as GeoJSON writes positions: Shayxontohur, Mirobod, Yunusobod south.
CENTRE_POLYGON = [
    [
        [69.2200, 41.3500],
        [69.3200, 41.3500],
        [69.3300, 41.3000],
        [69.3000, 41.2700],
        [69.2300, 41.2750],
        [69.2100, 41.3100],
        [69.2200, 41.3500],
    ]
]
ZONES = {
    "Markaz": {
        "polygon": CENTRE_POLYGON,
        "fee": Decimal("10000.00"),
        "free_delivery_from": Decimal("150000.00"),
        "min_order_total": Decimal("20000.00"),
        "eta_min_minutes": 30,
        "eta_max_minutes": 60,
        "opens_at": time(8, 0),
        "closes_at": time(23, 0),
    },
    "Toshkent shahri": {
        "center_latitude": Decimal("41.311100"),
        "center_longitude": Decimal("69.279700"),
        "radius_km": Decimal("14.000"),
        "fee": Decimal("20000.00"),
        "free_delivery_from": Decimal("300000.00"),
        "min_order_total": Decimal("50000.00"),
        "eta_min_minutes": 60,
        "eta_max_minutes": 120,
        "opens_at": time(9, 0),
        "closes_at": time(21, 0),
    },
}
# Amir Temur ko'chasi 108, inside the centre polygon.
DEMO_ADDRESS_PIN = {"latitude": Decimal("41.338500"), "longitude": Decimal("69.285000")}


def seed(*, password: str) -> str:
    pharmacy, _created = PickupPoint.objects.get_or_create(
        name="Dorixona Markaziy", defaults=PHARMACY
    )
    for name, fields in ZONES.items():
        DeliveryZone.objects.get_or_create(name=name, defaults={**fields, "pickup_point": pharmacy})
    courier = User.objects.filter(phone_number=DEMO_USERS[Role.COURIER][0]).first()
    if courier is not None:
        courier_shift_start(courier=courier)
    customer_phone = DEMO_USERS[Role.CUSTOMER][0]
    Address.objects.filter(user__phone_number=customer_phone, latitude__isnull=True).update(
        **DEMO_ADDRESS_PIN
    )
    return f"{len(ZONES)} zones, 1 pickup point, demo courier on shift"
