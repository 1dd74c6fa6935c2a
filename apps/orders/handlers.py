"""Reactions of orders to events of lower apps (connected in OrdersConfig.ready).

Prescription events are sent after the prescription's transaction committed; each waiting order
is then handled in its own transaction, so one order's failure cannot undo the others."""

from apps.prescriptions.events import (
    prescription_approved,
    prescription_expired,
    prescription_rejected,
)

from .models import Order, OrderStatus
from .services import order_prescription_recheck, order_prescription_refused_notify


def release_orders_waiting_for_prescription(
    sender, *, prescription_id: int, owner_id: int, **kwargs
) -> None:
    """An approved prescription may cover the owner's orders waiting with it attached."""
    waiting = Order.objects.filter(
        customer_id=owner_id,
        status=OrderStatus.AWAITING_PRESCRIPTION,
        prescriptions=prescription_id,
    ).order_by("pk")
    for order_id in waiting.values_list("pk", flat=True):
        order_prescription_recheck(order_id=order_id)


def inform_orders_waiting_for_prescription(
    sender, *, prescription_id: int, owner_id: int, **kwargs
) -> None:
    order_prescription_refused_notify(prescription_id=prescription_id, owner_id=owner_id)


def connect() -> None:
    prescription_approved.connect(
        release_orders_waiting_for_prescription, dispatch_uid="orders.prescription_approved"
    )
    prescription_rejected.connect(
        inform_orders_waiting_for_prescription, dispatch_uid="orders.prescription_rejected"
    )
    prescription_expired.connect(
        inform_orders_waiting_for_prescription, dispatch_uid="orders.prescription_expired"
    )
