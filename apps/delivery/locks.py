"""The only place that takes row locks on deliveries and courier shifts.

Lock order: delivery → courier shifts (primary-key order) → the order and what orders locks
after it (`apps/orders/locks.py`). Assignments hold the delivery, then the shift rows of the
couriers they consider; status changes hold the delivery, then the order. Shift start and end
lock only the shift. No path takes them the other way round, so none can wait in a cycle."""

from django.db.models import QuerySet

from apps.core.roles import Role

from .models import CourierShift, Delivery


def lock_delivery(*, delivery_id: int) -> Delivery:
    """The delivery row, locked (waits for a concurrent change of the same delivery)."""
    return Delivery.objects.select_for_update().get(pk=delivery_id)


def _open_shifts() -> QuerySet[CourierShift]:
    # of=("self",): lock the shift rows only, not the joined user rows.
    return (
        CourierShift.objects.select_for_update(of=("self",))
        .filter(ended_at__isnull=True, courier__is_active=True, courier__role=Role.COURIER)
        .order_by("pk")
    )


def lock_open_shift(*, courier_id: int) -> CourierShift | None:
    """The courier's open shift, locked; None when they are off shift (or not an active
    courier). Holding it makes counting and raising the courier's load one step."""
    return _open_shifts().filter(courier_id=courier_id).first()


def lock_all_open_shifts() -> list[CourierShift]:
    """Every open shift of an active courier, locked in primary-key order: auto-assignment
    compares all couriers' loads, so it holds all of them while it picks one."""
    return list(_open_shifts())
