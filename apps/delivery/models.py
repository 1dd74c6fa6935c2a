"""Delivery zones and pickup points, deliveries with their history, courier shifts and
location pings. Deliveries change status only through `services` (the table in `state.py`)."""

from datetime import time
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.images import private_storage
from apps.core.models import TimeStampedModel
from apps.core.money import money_field

from .geo import InvalidPolygon, point_in_circle, point_in_polygon, polygon_validate


def _coordinate(label):
    return models.DecimalField(label, max_digits=9, decimal_places=6, null=True, blank=True)


def _hours_open(*, opens_at: time | None, closes_at: time | None, at: time) -> bool:
    """Open at local time `at`; no hours means round the clock; a window that closes
    before it opens runs past midnight (22:00 to 02:00)."""
    if opens_at is None or closes_at is None:
        return True
    if opens_at < closes_at:
        return opens_at <= at < closes_at
    return at >= opens_at or at < closes_at


HOURS_TOGETHER = Q(opens_at__isnull=True, closes_at__isnull=True) | Q(
    opens_at__isnull=False, closes_at__isnull=False
)


class PickupPoint(TimeStampedModel):
    """A pharmacy counter: customers collect pickup orders here and couriers collect the
    deliveries of the zones it serves. Hours are local (Asia/Tashkent), daily."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    address = models.CharField(_("address"), max_length=300)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    phone_number = models.CharField(_("phone number"), max_length=13, blank=True)
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("pickup point")
        verbose_name_plural = _("pickup points")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(name="pickup_point_hours_together", condition=HOURS_TOGETHER),
            models.CheckConstraint(
                name="pickup_point_coordinates_in_range",
                condition=Q(latitude__gte=-90, latitude__lte=90)
                & Q(longitude__gte=-180, longitude__lte=180),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_open_at(self, local_time: time) -> bool:
        return _hours_open(opens_at=self.opens_at, closes_at=self.closes_at, at=local_time)


class DeliveryZone(TimeStampedModel):
    """An area couriers serve, either a polygon (GeoJSON Polygon coordinates, `[lng, lat]`) or a
    circle (centre and radius). It sets the fee, the items total from which delivery is free,
    the smallest order accepted, the promised time window and the hours it is served
    (Asia/Tashkent). Where zones overlap the customer gets the cheapest one."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    polygon = models.JSONField(
        _("polygon"),
        null=True,
        blank=True,
        help_text=_(
            "GeoJSON Polygon coordinates: [[[longitude, latitude], ...]], the first ring the "
            "border, any further rings holes; each ring closed. Leave empty for a circle."
        ),
    )
    center_latitude = _coordinate(_("centre latitude"))
    center_longitude = _coordinate(_("centre longitude"))
    radius_km = models.DecimalField(
        _("radius (km)"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    fee = money_field(verbose_name=_("fee (so'm)"))
    free_delivery_from = money_field(
        verbose_name=_("free from items total (so'm)"),
        null=True,
        blank=True,
        help_text=_("Empty: delivery is never free in this zone."),
    )
    min_order_total = money_field(
        verbose_name=_("minimum items total (so'm)"), default=Decimal("0.00")
    )
    eta_min_minutes = models.PositiveSmallIntegerField(_("delivery time from (minutes)"))
    eta_max_minutes = models.PositiveSmallIntegerField(_("delivery time to (minutes)"))
    opens_at = models.TimeField(
        _("served from"), null=True, blank=True, help_text=_("Empty: round the clock.")
    )
    closes_at = models.TimeField(_("served until"), null=True, blank=True)
    pickup_point = models.ForeignKey(
        PickupPoint,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="zones",
        verbose_name=_("dispatched from"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("delivery zone")
        verbose_name_plural = _("delivery zones")
        ordering = ["fee", "name"]
        constraints = [
            models.CheckConstraint(
                name="zone_polygon_or_circle",
                condition=Q(
                    polygon__isnull=False,
                    center_latitude__isnull=True,
                    center_longitude__isnull=True,
                    radius_km__isnull=True,
                )
                | Q(
                    polygon__isnull=True,
                    center_latitude__isnull=False,
                    center_longitude__isnull=False,
                    radius_km__gt=0,
                ),
            ),
            models.CheckConstraint(
                name="zone_amounts_not_negative",
                condition=Q(fee__gte=0, min_order_total__gte=0)
                & (Q(free_delivery_from__isnull=True) | Q(free_delivery_from__gte=0)),
            ),
            models.CheckConstraint(
                name="zone_eta_window",
                condition=Q(
                    eta_min_minutes__gt=0, eta_max_minutes__gte=models.F("eta_min_minutes")
                ),
            ),
            models.CheckConstraint(name="zone_hours_together", condition=HOURS_TOGETHER),
            models.CheckConstraint(
                name="zone_hours_not_empty",
                condition=Q(opens_at__isnull=True) | ~Q(opens_at=models.F("closes_at")),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.polygon is not None:
            try:
                polygon_validate(self.polygon)
            except InvalidPolygon as exc:
                raise ValidationError({"polygon": str(exc)}) from exc
        if self.polygon is None and None in (
            self.center_latitude,
            self.center_longitude,
            self.radius_km,
        ):
            raise ValidationError(_("Give either a polygon or a centre and a radius."))
        if self.polygon is not None and self.radius_km is not None:
            raise ValidationError(_("Give either a polygon or a centre and a radius, not both."))

    def contains(self, *, latitude: Decimal, longitude: Decimal) -> bool:
        """True for points inside the zone or on its border."""
        if self.polygon is not None:
            return point_in_polygon(latitude=latitude, longitude=longitude, rings=self.polygon)
        return point_in_circle(
            latitude=latitude,
            longitude=longitude,
            center_latitude=self.center_latitude,
            center_longitude=self.center_longitude,
            radius_km=self.radius_km,
        )

    def is_open_at(self, local_time: time) -> bool:
        return _hours_open(opens_at=self.opens_at, closes_at=self.closes_at, at=local_time)

    def fee_for(self, items_total: Decimal) -> Decimal:
        """The fee for an order of `items_total`: nothing from the free-delivery threshold."""
        if self.free_delivery_from is not None and items_total >= self.free_delivery_from:
            return Decimal("0.00")
        return self.fee


class DeliveryStatus(models.TextChoices):
    READY = "ready", _("Ready for a courier")
    ASSIGNED = "assigned", _("Courier assigned")
    PICKED_UP = "picked_up", _("Picked up")
    ON_THE_WAY = "on_the_way", _("On the way")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
    RETURNED = "returned", _("Returned to the pharmacy")


# Deliveries a courier is working on: they count towards DELIVERY_MAX_ACTIVE_PER_COURIER.
ACTIVE_STATUSES = frozenset(
    {DeliveryStatus.ASSIGNED, DeliveryStatus.PICKED_UP, DeliveryStatus.ON_THE_WAY}
)
# The courier has the parcel with them.
IN_TRANSIT_STATUSES = frozenset({DeliveryStatus.PICKED_UP, DeliveryStatus.ON_THE_WAY})
DONE_STATUSES = frozenset(
    {DeliveryStatus.DELIVERED, DeliveryStatus.FAILED, DeliveryStatus.RETURNED}
)
HAS_COURIER_STATUSES = frozenset(
    {*ACTIVE_STATUSES, DeliveryStatus.DELIVERED, DeliveryStatus.FAILED}
)


# The changes a courier reports with a status update (handover and failure have their own).
COURIER_STATUS_UPDATES = [
    (DeliveryStatus.PICKED_UP.value, DeliveryStatus.PICKED_UP.label),
    (DeliveryStatus.ON_THE_WAY.value, DeliveryStatus.ON_THE_WAY.label),
]


class ProofMethod(models.TextChoices):
    CODE = "code", _("Handover code")
    PHOTO = "photo", _("Photo")
    STAFF = "staff", _("Confirmed by staff")


class FailureReason(models.TextChoices):
    CUSTOMER_UNREACHABLE = "customer_unreachable", _("Customer not answering")
    CUSTOMER_ABSENT = "customer_absent", _("Nobody at the address")
    WRONG_ADDRESS = "wrong_address", _("Address wrong or not found")
    CUSTOMER_REFUSED = "customer_refused", _("Customer refused the order")
    PARCEL_DAMAGED = "parcel_damaged", _("Parcel damaged")
    ORDER_CANCELLED = "order_cancelled", _("Order cancelled")
    RECALLED_BY_STAFF = "recalled_by_staff", _("Recalled by the pharmacy")
    OTHER = "other", _("Other")


# Reasons a courier or an operator may give; the others are recorded by the system.
REPORTED_FAILURE_REASONS = [
    (value, label)
    for value, label in FailureReason.choices
    if value not in (FailureReason.ORDER_CANCELLED, FailureReason.RECALLED_BY_STAFF)
]


class Delivery(TimeStampedModel):
    """Getting one courier order to its customer. Created when the order becomes ready for
    delivery; one row per order, reused for a retry (`attempt` counts them). The address is
    copied from the order. The handover code is stored only as a keyed hash, its wrong tries
    counted here (in the database, so a cache outage cannot lift the limit)."""

    order = models.OneToOneField(
        "orders.Order", on_delete=models.PROTECT, related_name="delivery", verbose_name=_("order")
    )
    courier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("courier"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.READY
    )
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    zone = models.ForeignKey(
        DeliveryZone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("zone"),
    )
    pickup_point = models.ForeignKey(
        PickupPoint,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("collect from"),
    )
    address_text = models.CharField(_("address"), max_length=500)
    latitude = _coordinate(_("latitude"))
    longitude = _coordinate(_("longitude"))
    eta_earliest = models.DateTimeField(_("expected from"), null=True, blank=True)
    eta_latest = models.DateTimeField(_("expected by"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    picked_up_at = models.DateTimeField(_("picked up at"), null=True, blank=True)
    on_the_way_at = models.DateTimeField(_("on the way since"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    failure_reason = models.CharField(
        _("failure reason"), max_length=24, choices=FailureReason.choices, blank=True
    )
    failure_note = models.CharField(_("failure note"), max_length=500, blank=True)
    handover_code_hash = models.CharField(max_length=128, blank=True, editable=False)
    handover_code_sent_at = models.DateTimeField(_("code sent at"), null=True, blank=True)
    handover_failed_attempts = models.PositiveSmallIntegerField(_("wrong codes"), default=0)
    proof_method = models.CharField(
        _("proof"), max_length=8, choices=ProofMethod.choices, blank=True
    )
    proof_photo = models.FileField(
        _("proof photo"),
        storage=private_storage,
        max_length=255,
        blank=True,
    )
    proof_note = models.CharField(_("proof note"), max_length=500, blank=True)
    last_latitude = _coordinate(_("last latitude"))
    last_longitude = _coordinate(_("last longitude"))
    last_location_at = models.DateTimeField(_("last location at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="delivery_status_valid", condition=Q(status__in=DeliveryStatus.values)
            ),
            models.CheckConstraint(
                name="delivery_courier_matches_status",
                condition=Q(status=DeliveryStatus.READY, courier__isnull=True)
                | Q(status__in=HAS_COURIER_STATUSES, courier__isnull=False)
                | Q(status=DeliveryStatus.RETURNED),
            ),
            models.CheckConstraint(
                name="delivery_delivered_has_proof",
                condition=~Q(status=DeliveryStatus.DELIVERED)
                | (Q(delivered_at__isnull=False) & ~Q(proof_method="")),
            ),
            models.CheckConstraint(
                name="delivery_failed_has_reason",
                condition=~Q(status=DeliveryStatus.FAILED) | ~Q(failure_reason=""),
            ),
            models.CheckConstraint(
                name="delivery_coordinates_together",
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
            ),
            models.CheckConstraint(name="delivery_attempt_positive", condition=Q(attempt__gte=1)),
        ]
        indexes = [
            models.Index(fields=["courier", "status"], name="delivery_courier_status_idx"),
            models.Index(fields=["status", "created_at"], name="delivery_status_created_idx"),
            models.Index(fields=["delivered_at"], name="delivery_delivered_at_idx"),
        ]

    def __str__(self) -> str:
        return f"Delivery of order {self.order_id}"


class DeliveryStatusHistory(models.Model):
    """One recorded change of a delivery: from what to what, who did it (null = the system),
    which courier held it then, and why."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="history")
    attempt = models.PositiveSmallIntegerField(_("attempt"))
    from_status = models.CharField(
        _("from"), max_length=12, choices=DeliveryStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=12, choices=DeliveryStatus.choices)
    courier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("courier"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_role = models.CharField(_("role"), max_length=16)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("delivery status change")
        verbose_name_plural = _("delivery status history")
        ordering = ["delivery", "id"]
        indexes = [
            models.Index(fields=["courier", "to_status", "created_at"], name="delivery_hist_idx")
        ]

    def __str__(self) -> str:
        return f"{self.delivery_id}: {self.from_status or '-'} -> {self.to_status}"


class CourierShift(models.Model):
    """A courier's time on duty. At most one open shift (no `ended_at`) per courier: its row
    is what assignments lock, so a courier's load is counted one assignment at a time."""

    courier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="courier_shifts",
        verbose_name=_("courier"),
    )
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("courier shift")
        verbose_name_plural = _("courier shifts")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["courier"],
                condition=Q(ended_at__isnull=True),
                name="courier_one_open_shift",
            ),
            models.CheckConstraint(
                name="courier_shift_ends_after_start",
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
            ),
        ]

    def __str__(self) -> str:
        return f"Shift of {self.courier_id} from {self.started_at:%Y-%m-%d %H:%M}"


class DeliveryLocationPing(models.Model):
    """Where the courier was while carrying a delivery. A short history only: the newest
    DELIVERY_LOCATION_HISTORY_SIZE per delivery, none older than
    DELIVERY_LOCATION_RETENTION_HOURS."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="pings")
    courier = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)
    accuracy_m = models.PositiveIntegerField(null=True, blank=True)
    recorded_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("location ping")
        verbose_name_plural = _("location pings")
        ordering = ["delivery", "-id"]

    def __str__(self) -> str:
        return f"{self.latitude}, {self.longitude} at {self.recorded_at:%H:%M:%S}"
