"""Payments: one row per payment attempt (a Payme transaction, a Click payment, cash handed to a
courier or at the counter), an append-only log of every provider callback and state change, and
the mismatches reconciliation finds.

Rows change only through `apps.payments.services`; the database holds the invariants that must
never break whatever the code does: one provider transaction id per row, one paid payment per
order, one open Payme transaction per order, Payme state and our status in step."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel
from apps.core.money import money_field


class PaymentProvider(models.TextChoices):
    PAYME = "payme", _("Payme")
    CLICK = "click", _("Click")
    CASH = "cash", _("Cash")


ONLINE_PROVIDERS = frozenset({PaymentProvider.PAYME, PaymentProvider.CLICK})
ONLINE_PROVIDER_CHOICES = [
    (value, label) for value, label in PaymentProvider.choices if value in ONLINE_PROVIDERS
]


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the customer")
    PROCESSING = "processing", _("In progress at the provider")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled (not paid)")
    REFUND_PENDING = "refund_pending", _("Refund pending")
    REFUNDED = "refunded", _("Refunded")


# Statuses in which the money is (still) ours: at most one such payment per order.
MONEY_HELD_STATUSES = frozenset({PaymentStatus.PAID, PaymentStatus.REFUND_PENDING})


class PaymeState(models.IntegerChoices):
    """Payme's transaction states: (none) → 1, 1 → 2, 1 → -1, 2 → -2."""

    CREATED = 1, _("Created")
    PERFORMED = 2, _("Performed")
    CANCELLED = -1, _("Cancelled before perform")
    CANCELLED_AFTER_PERFORM = -2, _("Cancelled after perform")


class PaymeCancelReason(models.IntegerChoices):
    RECEIVER_NOT_FOUND = 1, _("A receiver was not found or is inactive")
    DEBIT_FAILED = 2, _("Debit error at the processing centre")
    EXECUTION_FAILED = 3, _("Transaction execution error")
    TIMEOUT = 4, _("Cancelled by timeout")
    REFUND = 5, _("Refund")
    UNKNOWN = 10, _("Unknown error")


class Payment(TimeStampedModel):
    """One attempt to pay one order. Provider times (`create_time`, `perform_time`,
    `cancel_time`) are integer milliseconds as replied to the provider — 0 while unset — and are
    returned unchanged on repeated calls; `payme_time` is Payme's own time, stored as given."""

    order = models.ForeignKey(
        "orders.Order", on_delete=models.PROTECT, related_name="payments", verbose_name=_("order")
    )
    provider = models.CharField(_("provider"), max_length=8, choices=PaymentProvider.choices)
    amount = money_field(verbose_name=_("amount (so'm)"))
    status = models.CharField(
        _("status"), max_length=16, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    create_time = models.BigIntegerField(_("created at the provider (ms)"), default=0)
    perform_time = models.BigIntegerField(_("performed (ms)"), default=0)
    cancel_time = models.BigIntegerField(_("cancelled (ms)"), default=0)

    # Payme
    payme_transaction_id = models.CharField(
        _("Payme transaction id"), max_length=64, unique=True, null=True, blank=True
    )
    payme_time = models.BigIntegerField(_("Payme time (ms)"), null=True, blank=True)
    state = models.SmallIntegerField(
        _("Payme state"), choices=PaymeState.choices, null=True, blank=True
    )
    reason = models.SmallIntegerField(
        _("Payme cancel reason"), choices=PaymeCancelReason.choices, null=True, blank=True
    )
    account = models.JSONField(_("account (as received)"), default=dict, blank=True)
    fiscal_detail = models.JSONField(_("receipt detail sent to Payme"), default=dict, blank=True)
    fiscal_perform = models.JSONField(_("fiscal receipt of the payment"), default=dict, blank=True)
    fiscal_cancel = models.JSONField(_("fiscal receipt of the refund"), default=dict, blank=True)

    # Click
    click_trans_id = models.BigIntegerField(
        _("Click transaction id"), unique=True, null=True, blank=True
    )
    click_paydoc_id = models.BigIntegerField(_("Click payment id"), null=True, blank=True)
    provider_error = models.IntegerField(_("provider's error code"), null=True, blank=True)
    provider_error_note = models.CharField(_("provider's error note"), max_length=255, blank=True)

    # Cash
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cash_collected",
        verbose_name=_("collected by"),
    )
    handed_in_at = models.DateTimeField(_("handed in at"), null=True, blank=True)
    handed_in_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cash_received",
        verbose_name=_("handed in to"),
    )

    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    refund_requested_at = models.DateTimeField(_("refund requested at"), null=True, blank=True)
    refunded_at = models.DateTimeField(_("refunded at"), null=True, blank=True)
    refunded_amount = money_field(
        verbose_name=_("partially refunded (so'm)"), default=0, editable=False
    )
    refund_attempts = models.PositiveSmallIntegerField(_("refund attempts"), default=0)
    refund_next_attempt_at = models.DateTimeField(_("next refund attempt"), null=True, blank=True)
    needs_review = models.BooleanField(_("needs review"), default=False)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(name="payment_amount_positive", condition=Q(amount__gt=0)),
            models.CheckConstraint(
                name="payment_provider_valid", condition=Q(provider__in=PaymentProvider.values)
            ),
            models.CheckConstraint(
                name="payment_status_valid", condition=Q(status__in=PaymentStatus.values)
            ),
            models.UniqueConstraint(
                fields=["order"],
                condition=Q(status__in=["paid", "refund_pending"]),
                name="payment_one_paid_per_order",
            ),
            models.UniqueConstraint(
                fields=["order"],
                condition=Q(provider="payme", state=1),
                name="payment_one_open_payme_per_order",
            ),
            # A Payme transaction has its id and time, and its state decides our status.
            models.CheckConstraint(
                name="payment_payme_state_matches_status",
                condition=Q(state__isnull=True)
                | Q(
                    provider="payme",
                    payme_transaction_id__isnull=False,
                    payme_time__isnull=False,
                )
                & (
                    Q(state=1, status="processing")
                    | Q(state=2, status__in=["paid", "refund_pending"])
                    | Q(state=-1, status="cancelled")
                    | Q(state=-2, status="refunded")
                ),
            ),
            models.CheckConstraint(
                name="payment_click_fields_only_for_click",
                condition=Q(provider="click") | Q(click_trans_id__isnull=True),
            ),
            models.CheckConstraint(
                name="payment_cash_has_collector",
                condition=~Q(provider="cash") | Q(collected_by__isnull=False),
            ),
            models.CheckConstraint(
                name="payment_refunded_amount_within_amount",
                condition=Q(refunded_amount__gte=0, refunded_amount__lte=models.F("amount")),
            ),
            models.CheckConstraint(
                name="payment_paid_has_time",
                condition=~Q(status__in=["paid", "refund_pending", "refunded"])
                | Q(paid_at__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["provider", "status"], name="payment_provider_status_idx"),
            models.Index(fields=["payme_time"], name="payment_payme_time_idx"),
            models.Index(
                fields=["status", "refund_next_attempt_at"],
                name="payment_refund_due_idx",
                condition=Q(status="refund_pending"),
            ),
            models.Index(
                fields=["collected_by", "handed_in_at"],
                name="payment_cash_ledger_idx",
                condition=Q(provider="cash"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_provider_display()} #{self.pk} ({self.status})"


class PartialRefundStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    REFUNDED = "refunded", _("Refunded")
    FAILED = "failed", _("Failed: a person must refund")
    CANCELLED = "cancelled", _("Not needed (the whole payment was refunded)")


class PartialRefund(TimeStampedModel):
    """Part of a payment going back to the customer because staff removed packs from the paid
    order (`orders.OrderItemRemoval`): exactly one per removal, for exactly the amount the order
    total went down by. Click: a partial reversal through the Merchant API (a Celery task, sent
    at most once; an unknown outcome is left to a person). Payme: no merchant refund call, so it
    waits for staff to refund in the cabinet and mark it done. Cash: returned at once by whoever
    holds the cash. `fiscal_detail` is the return receipt: the removed packs (and any delivery
    fee reduction) in tiyin, adding up to `amount`."""

    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, related_name="partial_refunds", verbose_name=_("payment")
    )
    order = models.ForeignKey(
        "orders.Order", on_delete=models.PROTECT, related_name="+", verbose_name=_("order")
    )
    removal = models.OneToOneField(
        "orders.OrderItemRemoval",
        on_delete=models.PROTECT,
        related_name="partial_refund",
        verbose_name=_("removed line"),
    )
    provider = models.CharField(_("provider"), max_length=8, choices=PaymentProvider.choices)
    amount = money_field(verbose_name=_("amount (so'm)"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=PartialRefundStatus.choices,
        default=PartialRefundStatus.PENDING,
    )
    fiscal_detail = models.JSONField(_("return receipt detail"), default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # Set when the request went to Click and cleared only when it surely did not arrive: a
    # partial reversal whose outcome is unknown is never sent again (it could refund twice).
    sent_at = models.DateTimeField(_("sent to the provider at"), null=True, blank=True)
    refunded_at = models.DateTimeField(_("refunded at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("completed by"),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("partial refund")
        verbose_name_plural = _("partial refunds")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="partial_refund_amount_positive", condition=Q(amount__gt=0)
            ),
            models.CheckConstraint(
                name="partial_refund_status_valid",
                condition=Q(status__in=PartialRefundStatus.values),
            ),
            models.CheckConstraint(
                name="partial_refund_refunded_has_time",
                condition=~Q(status="refunded") | Q(refunded_at__isnull=False),
            ),
        ]
        indexes = [
            models.Index(
                fields=["provider", "next_attempt_at"],
                name="partial_refund_due_idx",
                condition=Q(status="pending"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} of payment {self.payment_id} ({self.status})"


class CashCollection(Payment):
    """Cash payments seen as the courier cash ledger (Django admin)."""

    class Meta:
        proxy = True
        verbose_name = _("cash collection")
        verbose_name_plural = _("cash ledger")


class PaymentLogKind(models.TextChoices):
    CALLBACK = "callback", _("Provider callback")
    STATE_CHANGE = "state_change", _("State change")
    PROVIDER_CALL = "provider_call", _("Call to the provider")
    STAFF_ACTION = "staff_action", _("Staff action")


class PaymentLog(models.Model):
    """Append-only audit trail: every authenticated provider callback (request, our reply,
    outcome), every state change of a payment, every call we make to a provider and every staff
    action on money. Written by services only, never updated; secrets never reach it."""

    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="logs"
    )
    order = models.ForeignKey(
        "orders.Order", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    provider = models.CharField(_("provider"), max_length=8, choices=PaymentProvider.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=PaymentLogKind.choices)
    action = models.CharField(_("action"), max_length=64)
    request = models.JSONField(_("request"), default=dict, blank=True)
    response = models.JSONField(_("response"), default=dict, blank=True)
    outcome = models.CharField(_("outcome"), max_length=255, blank=True)
    error_code = models.IntegerField(_("error code"), null=True, blank=True)
    from_status = models.CharField(_("from"), max_length=16, blank=True)
    to_status = models.CharField(_("to"), max_length=16, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("payment log entry")
        verbose_name_plural = _("payment log")
        ordering = ["id"]
        indexes = [models.Index(fields=["payment", "id"], name="payment_log_payment_idx")]

    def __str__(self) -> str:
        return f"{self.provider} {self.action}: {self.outcome}"


class MismatchKind(models.TextChoices):
    PROVIDER_PAID_NOT_HERE = "provider_paid_not_here", _("Paid at the provider, not here")
    PAID_HERE_NOT_AT_PROVIDER = "paid_here_not_at_provider", _("Paid here, not at the provider")
    REFUND_NOT_AT_PROVIDER = "refund_not_at_provider", _("Refunded here, not at the provider")
    REFUND_FAILED = "refund_failed", _("The provider refused or failed the refund")
    AMOUNT = "amount", _("Amounts differ")
    ORDER_STATE = "order_state", _("Order and payment disagree")
    STALE_TRANSACTION = "stale_transaction", _("Transaction left open past its timeout")
    CANCEL_AFTER_CONFIRM = "cancel_after_confirm", _("Provider cancelled a confirmed payment")
    PROVIDER_UNREACHABLE = "provider_unreachable", _("Provider could not be asked")


class PaymentMismatch(models.Model):
    """A disagreement reconciliation (or a callback) found between our books and a provider's,
    for an admin to look into and resolve. One open flag per payment and kind."""

    provider = models.CharField(_("provider"), max_length=8, choices=PaymentProvider.choices)
    kind = models.CharField(_("kind"), max_length=32, choices=MismatchKind.choices)
    payment = models.ForeignKey(
        Payment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mismatches",
        verbose_name=_("payment"),
    )
    order = models.ForeignKey(
        "orders.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("order"),
    )
    details = models.JSONField(_("details"), default=dict, blank=True)
    detected_at = models.DateTimeField(_("detected at"), auto_now_add=True, db_index=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolution = models.CharField(_("resolution"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("payment mismatch")
        verbose_name_plural = _("payment mismatches")
        ordering = ["-detected_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["payment", "kind"],
                condition=Q(resolved_at__isnull=True),
                name="payment_mismatch_open_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.provider})"
