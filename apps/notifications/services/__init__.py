"""Every write of the notifications app. Other apps call `notification_enqueue` only."""

from .broadcasts import broadcast_create, broadcast_fanout
from .delivery import notification_delivery_report
from .inbox import (
    notification_mark_all_read,
    notification_mark_read,
    notification_preferences_update,
)
from .outbox import (
    notification_cancel,
    notification_enqueue,
    notification_purge,
    notification_retry,
    notification_send,
    notification_sweep,
)
from .templates import template_create, template_delete, template_update

__all__ = [
    "broadcast_create",
    "broadcast_fanout",
    "notification_cancel",
    "notification_delivery_report",
    "notification_enqueue",
    "notification_mark_all_read",
    "notification_mark_read",
    "notification_preferences_update",
    "notification_purge",
    "notification_retry",
    "notification_send",
    "notification_sweep",
    "template_create",
    "template_delete",
    "template_update",
]
