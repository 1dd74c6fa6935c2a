"""Reads of zones, quotes, deliveries, shifts and courier performance. List and detail reads
run a fixed number of queries whatever their size."""

from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)
from django.utils import timezone

from apps.core.roles import STAFF_ROLES, Role
from apps.orders.models import Order, OrderItem, PaymentMethod
from apps.users.models import Address, User

from .errors import AddressLocationRequired, DeliveryAddressNotFound, DeliveryNotFound
from .models import (
    ACTIVE_STATUSES,
    DONE_STATUSES,
    CourierShift,
    Delivery,
    DeliveryStatus,
    DeliveryStatusHistory,
    DeliveryZone,
    PickupPoint,
)

SHOP_TIME_ZONE = ZoneInfo("Asia/Tashkent")
"""Zone and pickup hours are wall-clock times in Tashkent."""


def shop_local_time(at: datetime | None = None) -> time:
    return timezone.localtime(at or timezone.now(), SHOP_TIME_ZONE).time()


# --- zones and quotes ----------------------------------------------------------------------


def zone_list() -> QuerySet[DeliveryZone]:
    """Active zones, cheapest first."""
    return DeliveryZone.objects.filter(is_active=True).order_by("fee", "name", "pk")


def pickup_point_list() -> QuerySet[PickupPoint]:
    return PickupPoint.objects.filter(is_active=True).order_by("name", "pk")


def zones_configured() -> bool:
    """False on a fresh install with no zone at all (checkout then charges the flat fee)."""
    return DeliveryZone.objects.exists()


def zones_containing(*, latitude: Decimal, longitude: Decimal) -> list[DeliveryZone]:
    """Active zones the point is in or on the border of (one query; geometry in Python)."""
    return [
        zone
        for zone in zone_list().select_related("pickup_point")
        if zone.contains(latitude=latitude, longitude=longitude)
    ]


def _cheapest(zones: list[DeliveryZone], items_total: Decimal) -> DeliveryZone:
    return min(zones, key=lambda zone: (zone.fee_for(items_total), zone.eta_max_minutes, zone.pk))


def zone_for_point(
    *, latitude: Decimal, longitude: Decimal, items_total: Decimal
) -> DeliveryZone | None:
    """The zone that serves the point for an order of `items_total` (the cheapest of those
    containing it, whatever the hour or the minimum), or None."""
    zones = zones_containing(latitude=latitude, longitude=longitude)
    return _cheapest(zones, items_total) if zones else None


class QuoteRefusal:
    """Why an address cannot be served now; the same codes checkout answers with (400)."""

    OUTSIDE_ZONES = "address_outside_zones"
    OUTSIDE_HOURS = "outside_delivery_hours"
    BELOW_MINIMUM = "below_minimum_order"


@dataclass(frozen=True)
class DeliveryQuote:
    """What delivery to a point costs now, or why it is refused (`reason`, with the smallest
    minimum or the next opening time of the zones that contain the point)."""

    is_deliverable: bool
    reason: str = ""
    zone: DeliveryZone | None = None
    fee: Decimal | None = None
    eta_min_minutes: int | None = None
    eta_max_minutes: int | None = None
    free_delivery_from: Decimal | None = None
    min_order_total: Decimal | None = None
    opens_at: time | None = None


def delivery_quote(
    *, latitude: Decimal, longitude: Decimal, items_total: Decimal, at: datetime | None = None
) -> DeliveryQuote:
    """Price delivery of `items_total` to a point at `at` (now). Of the active zones that
    contain the point (its border included), serve it now and accept the total, the one with
    the lowest fee for this total wins (then the shorter promise, then the older zone)."""
    containing = zones_containing(latitude=latitude, longitude=longitude)
    if not containing:
        return DeliveryQuote(is_deliverable=False, reason=QuoteRefusal.OUTSIDE_ZONES)
    local = shop_local_time(at)
    open_now = [zone for zone in containing if zone.is_open_at(local)]
    if not open_now:
        return DeliveryQuote(
            is_deliverable=False,
            reason=QuoteRefusal.OUTSIDE_HOURS,
            opens_at=_next_opening(containing, local),
        )
    accepting = [zone for zone in open_now if items_total >= zone.min_order_total]
    if not accepting:
        return DeliveryQuote(
            is_deliverable=False,
            reason=QuoteRefusal.BELOW_MINIMUM,
            min_order_total=min(zone.min_order_total for zone in open_now),
        )
    zone = _cheapest(accepting, items_total)
    return DeliveryQuote(
        is_deliverable=True,
        zone=zone,
        fee=zone.fee_for(items_total),
        eta_min_minutes=zone.eta_min_minutes,
        eta_max_minutes=zone.eta_max_minutes,
        free_delivery_from=zone.free_delivery_from,
        min_order_total=zone.min_order_total,
    )


def _next_opening(zones: list[DeliveryZone], local: time) -> time:
    """The earliest opening time still to come today, else the earliest tomorrow."""
    openings = sorted(zone.opens_at for zone in zones)
    later_today = [opening for opening in openings if opening > local]
    return later_today[0] if later_today else openings[0]


def delivery_quote_for(
    *,
    user: User,
    items_total: Decimal,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    address_id: int | None = None,
) -> DeliveryQuote:
    """`delivery_quote` for a point or for one of `user`'s saved addresses. Someone else's
    (or a deleted) address id is a 400, as every id in a request body; an address without a
    map pin cannot be quoted (400 `address_location_required`)."""
    if address_id is not None:
        address = Address.objects.alive().filter(user=user, pk=address_id).first()
        if address is None:
            raise DeliveryAddressNotFound(details={"address_id": address_id})
        if address.latitude is None:
            raise AddressLocationRequired(details={"address_id": address_id})
        latitude, longitude = address.latitude, address.longitude
    return delivery_quote(latitude=latitude, longitude=longitude, items_total=items_total)


# --- deliveries ----------------------------------------------------------------------------


def cash_to_collect(*, order: Order) -> Decimal:
    """What the courier takes from the customer: the order total for cash orders, nothing for
    orders paid online."""
    return order.total if order.payment_method == PaymentMethod.CASH else Decimal("0.00")


def cash_received(*, order: Order) -> bool:
    """A cash order whose cash has been recorded as received (never an order paid online)."""
    return order.payment_method == PaymentMethod.CASH and order.paid_at is not None


def courier_delivery_list(*, courier: User, done: bool = False) -> QuerySet[Delivery]:
    """The courier's deliveries: active ones (assigned, picked up, on the way) soonest due
    first, or finished ones (delivered, failed, returned) newest first. Three queries for any
    page: count, rows with order and customer, nothing per row."""
    statuses = DONE_STATUSES if done else ACTIVE_STATUSES
    ordering = ["-updated_at", "-pk"] if done else [F("eta_latest").asc(nulls_last=True), "pk"]
    return (
        Delivery.objects.filter(courier=courier, status__in=statuses)
        .select_related("order", "order__customer")
        .annotate(items_count=Count("order__items"))
        .order_by(*ordering)
    )


def _with_details(deliveries: QuerySet[Delivery]) -> QuerySet[Delivery]:
    return deliveries.select_related("order", "order__customer", "pickup_point", "courier")


def courier_delivery_get(*, courier: User, delivery_id: int) -> Delivery:
    """One delivery the courier holds (any status), with order, customer, pickup point and
    items (names and quantities only: never prescriptions). Anyone else's is a 404."""
    delivery = (
        _with_details(Delivery.objects.filter(courier=courier, pk=delivery_id))
        .prefetch_related(
            Prefetch(
                "order__items",
                queryset=OrderItem.objects.order_by("id").only(
                    "id", "order_id", "product_name", "quantity"
                ),
            )
        )
        .first()
    )
    if delivery is None:
        raise DeliveryNotFound()
    return delivery


def delivery_get(*, delivery_id: int) -> Delivery | None:
    """Any delivery, for staff (callers check the role)."""
    return _with_details(Delivery.objects.filter(pk=delivery_id)).first()


def delivery_get_by_order_number(*, number: str) -> Delivery | None:
    return _with_details(Delivery.objects.filter(order__number=number.upper())).first()


def delivery_track_get(*, user: User, order_number: str) -> Delivery:
    """The delivery of an order, for its customer and pharmacy staff, with the status
    timeline. Anyone else — other customers, couriers — gets a 404, as for an order without
    a delivery (pickup, or not ready yet)."""
    deliveries = Delivery.objects.filter(order__number=order_number.upper())
    if user.role == Role.CUSTOMER:
        deliveries = deliveries.filter(order__customer=user)
    elif user.role not in STAFF_ROLES:
        deliveries = deliveries.none()
    delivery = (
        deliveries.select_related("order", "courier")
        .prefetch_related(
            Prefetch("history", queryset=DeliveryStatusHistory.objects.order_by("id"))
        )
        .first()
    )
    if delivery is None:
        raise DeliveryNotFound()
    return delivery


def courier_is_assigned(*, courier: User, order: Order) -> bool:
    """True when `courier` holds the order's delivery now or handed it over: assigned, picked
    up, on the way or delivered by them. False for anyone else, for a delivery that failed or
    went back to the pharmacy, and for orders without a delivery. (Payments asks this before a
    courier confirms cash.)"""
    return Delivery.objects.filter(
        order_id=order.pk,
        courier_id=courier.pk,
        status__in=[*ACTIVE_STATUSES, DeliveryStatus.DELIVERED],
    ).exists()


def order_still_at_pharmacy(*, order: Order) -> bool:
    """False once a courier picked the order's bag up (or set off, or handed it over): the
    pharmacy can no longer take lines off it. (Orders asks this before a line removal.)"""
    return not Delivery.objects.filter(
        order_id=order.pk,
        status__in=[DeliveryStatus.PICKED_UP, DeliveryStatus.ON_THE_WAY, DeliveryStatus.DELIVERED],
    ).exists()


def proof_photo_get(*, user: User, delivery_id: int) -> Delivery:
    """A delivery with a proof photo, for pharmacy staff only; anyone else gets a 404."""
    if user.role not in STAFF_ROLES:
        raise DeliveryNotFound()
    delivery = Delivery.objects.filter(pk=delivery_id).exclude(proof_photo="").first()
    if delivery is None:
        raise DeliveryNotFound()
    return delivery


def staff_delivery_queue() -> QuerySet[Delivery]:
    """Deliveries still at the pharmacy, oldest first, for the operator's queue: waiting for a
    courier (ready) or for their courier to pick them up (assigned, may be reassigned). Three
    queries for any page: count, rows with order, customer, courier and zone, nothing per row."""
    return (
        Delivery.objects.filter(status__in=[DeliveryStatus.READY, DeliveryStatus.ASSIGNED])
        .select_related("order", "order__customer", "courier", "zone")
        .order_by("created_at", "pk")
    )


# --- couriers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShiftState:
    on_shift: bool
    started_at: datetime | None
    active_deliveries: int
    max_active_deliveries: int


def courier_active_load(*, courier_id: int) -> int:
    return Delivery.objects.filter(courier_id=courier_id, status__in=ACTIVE_STATUSES).count()


def courier_shift_state(*, courier: User) -> ShiftState:
    shift = CourierShift.objects.filter(courier=courier, ended_at__isnull=True).first()
    return ShiftState(
        on_shift=shift is not None,
        started_at=shift.started_at if shift else None,
        active_deliveries=courier_active_load(courier_id=courier.pk),
        max_active_deliveries=settings.DELIVERY_MAX_ACTIVE_PER_COURIER,
    )


def couriers_on_shift() -> QuerySet[CourierShift]:
    """Open shifts of active couriers with `active_deliveries` (assigned, picked up, on the
    way) annotated, least loaded first, then the longest on shift: whom an operator can give a
    delivery to. Two queries whatever the number of couriers."""
    return (
        CourierShift.objects.filter(
            ended_at__isnull=True, courier__is_active=True, courier__deleted_at__isnull=True
        )
        .select_related("courier")
        .annotate(
            active_deliveries=Count(
                "courier__deliveries",
                filter=Q(courier__deliveries__status__in=ACTIVE_STATUSES),
            )
        )
        .order_by("active_deliveries", "started_at", "pk")
    )


@dataclass(frozen=True)
class CourierPerformance:
    """One courier's results over a period. `on_time_rate` is the share (0 to 1) of delivered
    orders handed over by their promised time (None without any); `average_minutes` runs from
    pickup to handover; `failed_count` counts failed attempts; `cash_collected` sums the
    totals of delivered cash orders."""

    courier_id: int
    first_name: str
    phone_number: str | None
    deliveries_done: int
    on_time_rate: float | None
    average_minutes: float | None
    failed_count: int
    cash_collected: Decimal


def courier_performance(
    *, since: datetime, until: datetime, courier_ids: list[int] | None = None
) -> list[CourierPerformance]:
    """Results of every courier (or those in `courier_ids`) for deliveries handed over, and
    attempts failed, in [since, until). Three queries; busiest couriers first."""
    couriers = User.objects.filter(role=Role.COURIER).order_by("pk")
    if courier_ids is not None:
        couriers = couriers.filter(pk__in=courier_ids)
    delivered = (
        Delivery.objects.filter(
            status=DeliveryStatus.DELIVERED, delivered_at__gte=since, delivered_at__lt=until
        )
        .values("courier_id")
        .annotate(
            done=Count("pk"),
            with_eta=Count("pk", filter=Q(eta_latest__isnull=False)),
            on_time=Count("pk", filter=Q(delivered_at__lte=F("eta_latest"))),
            average=Avg(
                ExpressionWrapper(
                    F("delivered_at") - F("picked_up_at"), output_field=DurationField()
                ),
                filter=Q(picked_up_at__isnull=False),
            ),
            cash=Sum("order__total", filter=Q(order__payment_method=PaymentMethod.CASH)),
        )
        .order_by()
    )
    stats = {row["courier_id"]: row for row in delivered}
    failures = dict(
        DeliveryStatusHistory.objects.filter(
            to_status=DeliveryStatus.FAILED, created_at__gte=since, created_at__lt=until
        )
        .values("courier_id")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("courier_id", "count")
    )
    results = []
    for courier in couriers.only("pk", "first_name", "phone_number"):
        row = stats.get(courier.pk, {})
        average = row.get("average")
        results.append(
            CourierPerformance(
                courier_id=courier.pk,
                first_name=courier.first_name,
                phone_number=courier.phone_number,
                deliveries_done=row.get("done", 0),
                on_time_rate=row["on_time"] / row["with_eta"] if row.get("with_eta") else None,
                average_minutes=round(average.total_seconds() / 60, 1) if average else None,
                failed_count=failures.get(courier.pk, 0),
                cash_collected=row.get("cash") or Decimal("0.00"),
            )
        )
    return sorted(results, key=lambda item: (-item.deliveries_done, item.courier_id))


# --- privacy -------------------------------------------------------------------------------


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def delivery_data_export(user: User) -> dict:
    """What delivery holds about `user`, as plain data for a personal data export: the
    deliveries of their orders (where to, when), and for couriers their shifts and the
    deliveries they carried."""
    received = (
        Delivery.objects.filter(order__customer=user)
        .select_related("order")
        .order_by("created_at", "pk")
    )
    data: dict = {
        "received": [
            {
                "order_number": delivery.order.number,
                "status": delivery.status,
                "address": delivery.address_text,
                "latitude": None if delivery.latitude is None else str(delivery.latitude),
                "longitude": None if delivery.longitude is None else str(delivery.longitude),
                "delivered_at": _iso(delivery.delivered_at),
                "proof": delivery.proof_method,
            }
            for delivery in received
        ]
    }
    if user.role == Role.COURIER:
        data["shifts"] = [
            {"started_at": _iso(shift.started_at), "ended_at": _iso(shift.ended_at)}
            for shift in CourierShift.objects.filter(courier=user).order_by("started_at")
        ]
        data["carried"] = [
            {
                "order_number": number,
                "status": status,
                "picked_up_at": _iso(picked_up_at),
                "delivered_at": _iso(delivered_at),
            }
            for number, status, picked_up_at, delivered_at in Delivery.objects.filter(courier=user)
            .order_by("created_at", "pk")
            .values_list("order__number", "status", "picked_up_at", "delivered_at")
        ]
    return data
