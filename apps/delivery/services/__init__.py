"""Every write to deliveries, courier assignments, shifts and locations goes through these."""

from .assignment import (
    courier_assign,
    courier_shift_end,
    courier_shift_set,
    courier_shift_start,
    deliveries_assign_pending,
    delivery_assign,
    delivery_auto_assign,
)
from .handover import (
    delivery_confirm,
    delivery_confirm_with_code,
    delivery_confirm_with_photo,
    handover_code_reissue,
)
from .lifecycle import (
    deliveries_create_missing,
    delivery_auto_assign_new,
    delivery_create_for_order,
    delivery_fail,
    delivery_follow_order,
    delivery_retry,
    delivery_return,
    delivery_status_update,
)
from .location import delivery_location_record, delivery_locations_purge
from .privacy import delivery_personal_data_erase

__all__ = [
    "courier_assign",
    "courier_shift_end",
    "courier_shift_set",
    "courier_shift_start",
    "deliveries_assign_pending",
    "deliveries_create_missing",
    "delivery_assign",
    "delivery_auto_assign",
    "delivery_auto_assign_new",
    "delivery_confirm",
    "delivery_confirm_with_code",
    "delivery_confirm_with_photo",
    "delivery_create_for_order",
    "delivery_fail",
    "delivery_follow_order",
    "delivery_location_record",
    "delivery_locations_purge",
    "delivery_personal_data_erase",
    "delivery_retry",
    "delivery_return",
    "delivery_status_update",
    "handover_code_reissue",
]
