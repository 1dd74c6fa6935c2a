from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    IN_APP = "in_app", _("In-app")
    EMAIL = "email", _("Email")
    PUSH = "push", _("Push")


class NotificationType(models.TextChoices):
    OTP = "otp", _("One-time code")
    REGISTER_ATTEMPT = "register_attempt", _("Registration attempt on a verified number")
    ORDER_CREATED = "order_created", _("Order created")
    ORDER_PAID = "order_paid", _("Order paid")
    ORDER_READY = "order_ready", _("Order ready")
    ORDER_ON_THE_WAY = "order_on_the_way", _("Order on the way")
    ORDER_DELIVERED = "order_delivered", _("Order delivered")
    ORDER_CANCELLED = "order_cancelled", _("Order cancelled")
    REFUND_DONE = "refund_done", _("Refund done")
    DELIVERY_HANDOVER_CODE = "delivery_handover_code", _("Delivery handover code")
    PRESCRIPTION_APPROVED = "prescription_approved", _("Prescription approved")
    PRESCRIPTION_REJECTED = "prescription_rejected", _("Prescription rejected")
    LOW_STOCK = "low_stock", _("Low stock (staff)")
    NEAR_EXPIRY = "near_expiry", _("Near expiry (staff)")


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")


class Notification(TimeStampedModel):
    """One message to one recipient on one channel: the transactional outbox. Written in the same
    transaction as the change that causes it, sent after commit (and by the sweeper if the broker
    was down), at most once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )
    recipient = models.CharField(_("recipient"), max_length=254, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    type = models.CharField(max_length=40, choices=NotificationType.choices)
    language = models.CharField(max_length=5, default=settings.LANGUAGE_CODE)
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    payload = models.JSONField(default=dict, blank=True)
    # Sensitive bodies (one-time codes) are erased once sent; they never reach logs.
    is_sensitive = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    provider_message_id = models.CharField(max_length=100, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["status", "next_attempt_at"],
                name="notification_due_idx",
                condition=Q(status__in=["pending", "sending"]),
            ),
            models.Index(fields=["user", "channel", "read_at"], name="notification_inbox_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="notification_has_recipient",
                condition=Q(channel="in_app", user__isnull=False) | ~Q(recipient=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} via {self.channel} [{self.status}]"
