"""Every write to carts and orders goes through these services."""

from .cart import (
    ReorderResult,
    cart_clear,
    cart_fill_from_order,
    cart_item_add,
    cart_item_remove,
    cart_item_update,
)
from .checkout import (
    CheckoutResult,
    PrescriptionPolicy,
    checkout_address_resolve,
    order_checkout,
    order_number_generate,
)
from .lifecycle import (
    order_cancel,
    order_prescription_recheck,
    order_prescription_refused_notify,
    order_prescriptions_attach,
    order_reservations_expire,
    order_transition,
)
from .payment import (
    order_mark_paid,
    order_mark_paid_in_cash,
    order_mark_refunded,
    order_reservation_extend,
    order_reservation_release,
)
from .removal import (
    order_item_reduce,
    order_item_remove,
    order_lines_removable,
    register_line_removal_check,
    unregister_line_removal_check,
)

__all__ = [
    "CheckoutResult",
    "PrescriptionPolicy",
    "ReorderResult",
    "cart_clear",
    "cart_fill_from_order",
    "cart_item_add",
    "cart_item_remove",
    "cart_item_update",
    "checkout_address_resolve",
    "order_cancel",
    "order_checkout",
    "order_item_reduce",
    "order_item_remove",
    "order_lines_removable",
    "order_mark_paid",
    "order_mark_paid_in_cash",
    "order_mark_refunded",
    "order_number_generate",
    "order_prescription_recheck",
    "order_prescription_refused_notify",
    "order_prescriptions_attach",
    "order_reservation_extend",
    "order_reservation_release",
    "order_reservations_expire",
    "order_transition",
    "register_line_removal_check",
    "unregister_line_removal_check",
]
