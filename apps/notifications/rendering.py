"""Message texts per type and language. Built-in defaults; admins' templates may override them."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import NotificationType

DEFAULT_TEXTS = {
    NotificationType.OTP: _("Dorixona: your confirmation code is {code}. Do not share it."),
    NotificationType.REGISTER_ATTEMPT: _(
        "Dorixona: someone tried to register with your number. If it was you, log in or "
        "reset your password."
    ),
    NotificationType.ORDER_CREATED: _("Dorixona: order {order_number} received."),
    NotificationType.ORDER_PAID: _("Dorixona: order {order_number} is paid."),
    NotificationType.ORDER_READY: _("Dorixona: order {order_number} is ready."),
    NotificationType.ORDER_ON_THE_WAY: _("Dorixona: order {order_number} is on the way."),
    NotificationType.ORDER_DELIVERED: _("Dorixona: order {order_number} is delivered."),
    NotificationType.ORDER_CANCELLED: _("Dorixona: order {order_number} is cancelled."),
    NotificationType.REFUND_DONE: _("Dorixona: {amount} so'm refunded for order {order_number}."),
    NotificationType.DELIVERY_HANDOVER_CODE: _(
        "Dorixona: give the courier code {code} to receive order {order_number}."
    ),
    NotificationType.PRESCRIPTION_APPROVED: _("Dorixona: your prescription is approved."),
    NotificationType.PRESCRIPTION_REJECTED: _("Dorixona: your prescription was rejected: {reason}"),
    NotificationType.LOW_STOCK: _("Low stock: {product} ({quantity} left)."),
    NotificationType.NEAR_EXPIRY: _("Near expiry: {product}, lot {lot}, expires {expiry_date}."),
}


def render_text(*, type: str, language: str, context: dict) -> str:
    with translation.override(language):
        return str(DEFAULT_TEXTS[type]).format(**context)
