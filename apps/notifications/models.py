import uuid
from decimal import Decimal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel
from apps.core.money import money_field


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
    ORDER_CHANGED = "order_changed", _("Order changed (line removed)")
    REFUND_DONE = "refund_done", _("Refund done")
    DELIVERY_HANDOVER_CODE = "delivery_handover_code", _("Delivery handover code")
    PRESCRIPTION_APPROVED = "prescription_approved", _("Prescription approved")
    PRESCRIPTION_REJECTED = "prescription_rejected", _("Prescription rejected")
    LOW_STOCK = "low_stock", _("Low stock (staff)")
    NEAR_EXPIRY = "near_expiry", _("Near expiry (staff)")
    ANNOUNCEMENT = "announcement", _("Service announcement")
    MARKETING = "marketing", _("Promotion")
    SMS_BUDGET_EXCEEDED = "sms_budget_exceeded", _("Daily SMS budget exceeded (staff)")


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")


class DeliveryStatus(models.TextChoices):
    """What the gateway later reported about a sent message (delivery receipts)."""

    UNKNOWN = "", _("Unknown")
    DELIVERED = "delivered", _("Delivered")
    UNDELIVERED = "undelivered", _("Not delivered")


class Notification(TimeStampedModel):
    """One message to one recipient on one channel: the transactional outbox. Written in the same
    transaction as the change that causes it, sent after commit (and by the sweeper if the broker
    was down), at most once.

    While a worker sends, the row is SENDING and `next_attempt_at` is the end of its lease: the
    sweeper treats a SENDING row whose lease has run out as left behind by a dead worker."""

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
    payload = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
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
    # Sent to gateways that deduplicate, so a resend after a lost worker cannot double-send.
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    delivery_status = models.CharField(
        max_length=12, choices=DeliveryStatus.choices, blank=True, default=DeliveryStatus.UNKNOWN
    )
    delivery_status_at = models.DateTimeField(null=True, blank=True)
    segments = models.PositiveSmallIntegerField(default=0)
    cost = money_field(default=Decimal("0.00"))
    broadcast = models.ForeignKey(
        "notifications.Broadcast",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notifications",
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["status", "next_attempt_at"],
                name="notification_due_idx",
                condition=Q(status__in=["pending", "sending"]),
            ),
            models.Index(fields=["user", "channel", "read_at"], name="notification_inbox_idx"),
            models.Index(
                fields=["provider_message_id"],
                name="notification_provider_id_idx",
                condition=~Q(provider_message_id=""),
            ),
        ]
        constraints = [
            # A message nobody can receive is only ever recorded as skipped.
            models.CheckConstraint(
                name="notification_has_recipient",
                condition=Q(channel__in=["in_app", "push"], user__isnull=False)
                | ~Q(recipient="")
                | Q(status="skipped"),
            ),
            models.UniqueConstraint(
                fields=["broadcast", "user", "channel"],
                name="notification_once_per_broadcast",
                condition=Q(broadcast__isnull=False),
            ),
            models.CheckConstraint(name="notification_cost_not_negative", condition=Q(cost__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} via {self.channel} [{self.status}]"


class NotificationTemplate(TimeStampedModel):
    """An admin's wording for one type in one language, replacing the built-in default text.
    Placeholders are validated on save (see `rendering.template_errors`)."""

    type = models.CharField(_("type"), max_length=40, choices=NotificationType.choices)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    is_active = models.BooleanField(_("active"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("notification template")
        verbose_name_plural = _("notification templates")
        ordering = ["type", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["type", "language"], name="notification_template_type_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} ({self.language})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from .rendering import template_errors

        errors = template_errors(type=self.type, title=self.title, body=self.body)
        if errors:
            raise ValidationError(errors)


class NotificationPreference(TimeStampedModel):
    """What a user switched off. Only optional types and channels can be muted (see
    `policy.py`); one-time codes and messages about the user's own orders always go out."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_preference",
    )
    muted_channels = models.JSONField(default=list, blank=True)
    muted_types = models.JSONField(default=list, blank=True)
    # Local time (TIME_ZONE); promotions due inside the window wait until it ends.
    quiet_hours_start = models.TimeField(null=True, blank=True)
    quiet_hours_end = models.TimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="notification_quiet_hours_complete",
                condition=Q(quiet_hours_start__isnull=True, quiet_hours_end__isnull=True)
                | (
                    Q(quiet_hours_start__isnull=False, quiet_hours_end__isnull=False)
                    & ~Q(quiet_hours_start=models.F("quiet_hours_end"))
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"notification preferences of user #{self.user_id}"


class SmsDailyUsage(models.Model):
    """SMS volume and cost per local day; the daily budget is checked against it."""

    date = models.DateField(unique=True)
    messages = models.PositiveIntegerField(default=0)
    segments = models.PositiveIntegerField(default=0)
    cost = money_field(default=Decimal("0.00"))
    blocked = models.PositiveIntegerField(default=0)
    budget_alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("SMS usage per day")
        verbose_name_plural = _("SMS usage per day")
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(name="sms_usage_cost_not_negative", condition=Q(cost__gte=0)),
        ]

    def __str__(self) -> str:
        return f"SMS {self.date}: {self.messages} messages, {self.cost} so'm"


class BroadcastSegment(models.TextChoices):
    CUSTOMERS = "customers", _("All customers")
    COURIERS = "couriers", _("All couriers")
    OPERATORS = "operators", _("All operators")
    STAFF = "staff", _("All staff (operators and admins)")
    EVERYONE = "everyone", _("Everyone")


class BroadcastStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")


class Broadcast(TimeStampedModel):
    """One message to a segment of users, written to the outbox in batches. `cursor` is the
    last user id written, moved in the same transaction as each batch, so a fan-out that died
    half-way resumes where it stopped and never writes a user twice."""

    segment = models.CharField(max_length=20, choices=BroadcastSegment.choices)
    type = models.CharField(max_length=40, choices=NotificationType.choices)
    channels = models.JSONField(default=list)
    # {"uz": {"title": ..., "message": ...}, "ru": {...}, "en": {...}}; uz is required.
    messages = models.JSONField(default=dict)
    status = models.CharField(
        max_length=10, choices=BroadcastStatus.choices, default=BroadcastStatus.QUEUED
    )
    cursor = models.BigIntegerField(default=0)
    recipients = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["status"],
                name="broadcast_unfinished_idx",
                condition=Q(status__in=["queued", "running"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} to {self.get_segment_display()} [{self.status}]"
