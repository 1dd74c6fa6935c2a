"""Who carries which delivery: an operator's choice or the least-loaded courier on shift, never
more than DELIVERY_MAX_ACTIVE_PER_COURIER at once. A courier's load is counted and raised
while their open shift row is locked, so concurrent assignments cannot both take a courier's
last free slot; auto-assignment locks every open shift while it compares loads."""

import logging
from datetime import UTC, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from apps.core.roles import Role
from apps.users.models import User

from ..errors import (
    CourierAtCapacity,
    CourierHasActiveDeliveries,
    CourierInvalid,
    CourierOffShift,
    DeliveryReferenceInvalid,
    NoCourierAvailable,
)
from ..locks import lock_all_open_shifts, lock_delivery, lock_open_shift
from ..models import ACTIVE_STATUSES, CourierShift, Delivery, DeliveryStatus
from ..selectors import courier_active_load, delivery_get, delivery_get_by_order_number
from ..state import delivery_transition_check
from .records import delivery_status_record

logger = logging.getLogger(__name__)

_NEVER = datetime.min.replace(tzinfo=UTC)


def _courier_get(courier_id: int) -> User:
    courier = User.objects.filter(
        pk=courier_id, role=Role.COURIER, is_active=True, deleted_at__isnull=True
    ).first()
    if courier is None:
        raise CourierInvalid(details={"courier_id": courier_id})
    return courier


def _assign(*, delivery: Delivery, courier_id: int, actor, reason: str) -> Delivery:
    delivery.courier_id = courier_id
    return delivery_status_record(
        delivery=delivery, to=DeliveryStatus.ASSIGNED, actor=actor, reason=reason
    )


@transaction.atomic
def delivery_assign(*, delivery: Delivery, courier_id: int, actor) -> Delivery:
    """Give a delivery that has not left the pharmacy to a courier on shift with a free slot
    (an operator's choice; assigning it to its own courier again changes nothing)."""
    delivery = lock_delivery(delivery_id=delivery.pk)
    courier = _courier_get(courier_id)
    if delivery.status == DeliveryStatus.ASSIGNED and delivery.courier_id == courier.pk:
        return delivery
    delivery_transition_check(delivery=delivery, to=DeliveryStatus.ASSIGNED, actor=actor)
    if lock_open_shift(courier_id=courier.pk) is None:
        raise CourierOffShift(details={"courier_id": courier.pk})
    load = courier_active_load(courier_id=courier.pk)
    limit = settings.DELIVERY_MAX_ACTIVE_PER_COURIER
    if load >= limit:
        raise CourierAtCapacity(
            details={"courier_id": courier.pk, "active_deliveries": load, "max": limit}
        )
    return _assign(delivery=delivery, courier_id=courier.pk, actor=actor, reason="Assigned")


def delivery_auto_assign_locked(*, delivery: Delivery, actor) -> Delivery | None:
    """Give a locked READY delivery to the least-loaded courier on shift with a free slot
    (ties: the one who waited longest since their last assignment, then the earliest shift).
    None when nobody can take it; the delivery then waits for the next sweep."""
    shifts = lock_all_open_shifts()
    if not shifts:
        return None
    loads = {
        row["courier_id"]: row
        for row in Delivery.objects.filter(courier_id__in=[s.courier_id for s in shifts])
        .values("courier_id")
        .annotate(
            active=Count("pk", filter=Q(status__in=ACTIVE_STATUSES)),
            last_assigned=Max("assigned_at"),
        )
        .order_by()
    }
    limit = settings.DELIVERY_MAX_ACTIVE_PER_COURIER
    candidates = [
        (
            loads.get(shift.courier_id, {}).get("active", 0),
            loads.get(shift.courier_id, {}).get("last_assigned") or _NEVER,
            shift.started_at,
            shift.courier_id,
        )
        for shift in shifts
        if loads.get(shift.courier_id, {}).get("active", 0) < limit
    ]
    if not candidates:
        return None
    courier_id = min(candidates)[3]
    return _assign(delivery=delivery, courier_id=courier_id, actor=actor, reason="Auto-assigned")


@transaction.atomic
def delivery_auto_assign(*, delivery: Delivery, actor) -> Delivery:
    """Assign a READY delivery automatically (an operator asked for it): the least-loaded
    courier on shift, or `no_courier_available` (409)."""
    delivery = lock_delivery(delivery_id=delivery.pk)
    delivery_transition_check(delivery=delivery, to=DeliveryStatus.ASSIGNED, actor=actor)
    if delivery.status != DeliveryStatus.READY:
        return delivery
    assigned = delivery_auto_assign_locked(delivery=delivery, actor=actor)
    if assigned is None:
        raise NoCourierAvailable()
    return assigned


def courier_assign(
    *,
    actor,
    delivery_id: int | None = None,
    order_number: str | None = None,
    courier_id: int | None = None,
) -> Delivery:
    """What an operator asks for: the delivery named by id or by its order's number, given to
    `courier_id` or, without one, to the least-loaded courier on shift. A delivery that does
    not exist is a 400 (an id in a request body)."""
    if delivery_id is not None:
        delivery = delivery_get(delivery_id=delivery_id)
    else:
        delivery = delivery_get_by_order_number(number=order_number or "")
    if delivery is None:
        raise DeliveryReferenceInvalid(
            details={"delivery_id": delivery_id, "order_number": order_number}
        )
    if courier_id is None:
        return delivery_auto_assign(delivery=delivery, actor=actor)
    return delivery_assign(delivery=delivery, courier_id=courier_id, actor=actor)


def deliveries_assign_pending(*, limit: int = 200) -> int:
    """Auto-assign READY deliveries, oldest first, each in its own transaction, until no
    courier has a free slot. Safe to run concurrently. Returns how many were assigned."""
    pending = list(
        Delivery.objects.filter(status=DeliveryStatus.READY)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    assigned = 0
    for delivery_id in pending:
        with transaction.atomic():
            delivery = lock_delivery(delivery_id=delivery_id)
            if delivery.status != DeliveryStatus.READY:
                continue
            if delivery_auto_assign_locked(delivery=delivery, actor=None) is None:
                break
            assigned += 1
    return assigned


def _pending_assignment_kick() -> None:
    from ..tasks import deliveries_dispatch_task

    try:
        deliveries_dispatch_task.delay()
    except Exception:
        logger.warning("broker unavailable; pending deliveries wait for the periodic sweep")


def courier_shift_start(*, courier: User) -> CourierShift:
    """Put a courier on shift (already on shift: the open shift is returned). Deliveries
    waiting for a courier are offered after commit."""
    if courier.role != Role.COURIER:
        raise CourierInvalid(details={"courier_id": courier.pk})
    shift = CourierShift.objects.filter(courier=courier, ended_at__isnull=True).first()
    if shift is not None:
        return shift
    try:
        with transaction.atomic():
            shift = CourierShift.objects.create(courier=courier, started_at=timezone.now())
            if settings.DELIVERY_AUTO_ASSIGN:
                transaction.on_commit(_pending_assignment_kick)
    except IntegrityError:
        # A concurrent start opened it first (one open shift per courier).
        shift = CourierShift.objects.get(courier=courier, ended_at__isnull=True)
    return shift


def courier_shift_set(*, courier: User, on_shift: bool) -> CourierShift | None:
    """Start or end the courier's shift; asking for the current state again changes nothing."""
    if on_shift:
        return courier_shift_start(courier=courier)
    return courier_shift_end(courier=courier)


@transaction.atomic
def courier_shift_end(*, courier: User) -> CourierShift | None:
    """End the courier's shift; refused while they hold deliveries (an operator reassigns the
    ones not yet picked up). Off shift already: None."""
    shift = lock_open_shift(courier_id=courier.pk)
    if shift is None:
        return None
    active = courier_active_load(courier_id=courier.pk)
    if active:
        raise CourierHasActiveDeliveries(details={"active_deliveries": active})
    shift.ended_at = timezone.now()
    shift.save(update_fields=["ended_at"])
    return shift
