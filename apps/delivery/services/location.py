"""Courier location while carrying a parcel. The rate limit is checked against the delivery
row under its lock, not a cache, so it holds with Redis down and under concurrent pings; only
a short history is kept (the newest DELIVERY_LOCATION_HISTORY_SIZE pings per delivery, none
older than DELIVERY_LOCATION_RETENTION_HOURS)."""

import math
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..errors import DeliveryNotFound, DeliveryNotInTransit, LocationTooFrequent
from ..locks import lock_delivery
from ..models import IN_TRANSIT_STATUSES, Delivery, DeliveryLocationPing


@transaction.atomic
def delivery_location_record(
    *,
    delivery: Delivery,
    courier,
    latitude: Decimal,
    longitude: Decimal,
    accuracy_m: int | None = None,
) -> DeliveryLocationPing:
    """Store where the courier holding the delivery is now. Refused while the parcel is not
    with them (409), and 429 `location_too_frequent` (with Retry-After) sooner than
    DELIVERY_LOCATION_MIN_INTERVAL_SECONDS after the last ping."""
    delivery = lock_delivery(delivery_id=delivery.pk)
    if delivery.courier_id != courier.pk:
        raise DeliveryNotFound()
    if delivery.status not in IN_TRANSIT_STATUSES:
        raise DeliveryNotInTransit(details={"status": delivery.status})
    now = timezone.now()
    interval = timedelta(seconds=settings.DELIVERY_LOCATION_MIN_INTERVAL_SECONDS)
    if delivery.last_location_at is not None and now - delivery.last_location_at < interval:
        wait = (delivery.last_location_at + interval - now).total_seconds()
        raise LocationTooFrequent(wait=math.ceil(wait))
    ping = DeliveryLocationPing.objects.create(
        delivery=delivery,
        courier=courier,
        latitude=latitude,
        longitude=longitude,
        accuracy_m=accuracy_m,
        recorded_at=now,
    )
    delivery.last_latitude, delivery.last_longitude, delivery.last_location_at = (
        latitude,
        longitude,
        now,
    )
    delivery.save(
        update_fields=["last_latitude", "last_longitude", "last_location_at", "updated_at"]
    )
    oldest_kept = (
        DeliveryLocationPing.objects.filter(delivery=delivery)
        .order_by("-pk")
        .values_list("pk", flat=True)[settings.DELIVERY_LOCATION_HISTORY_SIZE - 1 :]
        .first()
    )
    if oldest_kept is not None:
        DeliveryLocationPing.objects.filter(delivery=delivery, pk__lt=oldest_kept).delete()
    return ping


def delivery_locations_purge(*, now=None) -> int:
    """Delete pings older than DELIVERY_LOCATION_RETENTION_HOURS (couriers' movements are
    personal data, kept only as long as tracking needs them). Returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.DELIVERY_LOCATION_RETENTION_HOURS)
    deleted, _ = DeliveryLocationPing.objects.filter(recorded_at__lt=cutoff).delete()
    return deleted
