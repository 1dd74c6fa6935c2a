"""Back office for payments: everything read-only (a form save would bypass the protocols'
state rules); actions call the services. Payments show their log inline; the cash ledger lists
cash not yet handed in; reconciliation flags wait for a person to resolve them."""

from decimal import Decimal

from django.contrib import admin, messages
from django.db.models import Sum
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.core.errors import DomainError
from apps.orders.admin import OrderAdmin

from .models import (
    CashCollection,
    PartialRefund,
    PartialRefundStatus,
    Payment,
    PaymentLog,
    PaymentMismatch,
    PaymentProvider,
    PaymentStatus,
)
from .services import (
    cash_hand_in,
    partial_refund_complete,
    payment_mismatch_resolve,
    payment_refund_complete,
)

STATUS_COLOURS = {
    PaymentStatus.PENDING: "#6c757d",
    PaymentStatus.PROCESSING: "#e67e22",
    PaymentStatus.PAID: "#1e8449",
    PaymentStatus.CANCELLED: "#7f8c8d",
    PaymentStatus.REFUND_PENDING: "#c0392b",
    PaymentStatus.REFUNDED: "#2874a6",
}


def payment_badge(payment: Payment):
    return format_html(
        '<span style="background:{};color:#fff;padding:2px 8px;border-radius:10px;'
        'white-space:nowrap">{}</span>',
        STATUS_COLOURS.get(payment.status, "#6c757d"),
        payment.get_status_display(),
    )


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class PaymentLogInline(admin.TabularInline):
    model = PaymentLog
    extra = 0
    can_delete = False
    ordering = ("id",)
    fields = (
        "created_at",
        "kind",
        "action",
        "from_status",
        "to_status",
        "outcome",
        "error_code",
        "actor",
        "request",
        "response",
    )
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


def _report(modeladmin, request, done: int, refused: list[str], text) -> None:
    if done:
        modeladmin.message_user(request, text % {"count": done}, messages.SUCCESS)
    for line in refused:
        modeladmin.message_user(request, line, messages.ERROR)


@admin.action(description=_("Refund done by other means (Click/cash refund pending)"))
def complete_refund(modeladmin, request, queryset):
    done, refused = 0, []
    for payment in queryset.filter(status=PaymentStatus.REFUND_PENDING).order_by("pk"):
        try:
            payment_refund_complete(
                payment_id=payment.pk,
                note=f"Refunded by staff ({request.user})",
                actor=request.user,
            )
        except DomainError as error:
            refused.append(f"#{payment.pk}: {error.message}")
        else:
            done += 1
    _report(modeladmin, request, done, refused, _("%(count)d refund(s) recorded."))


class PartialRefundInline(admin.TabularInline):
    model = PartialRefund
    fk_name = "payment"
    extra = 0
    can_delete = False
    ordering = ("id",)
    fields = ("created_at", "amount", "status", "removal", "refunded_at", "completed_by", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.action(description=_("Partial refund done (Payme cabinet or other means)"))
def complete_partial_refund(modeladmin, request, queryset):
    done, refused = 0, []
    waiting = queryset.filter(status__in=[PartialRefundStatus.PENDING, PartialRefundStatus.FAILED])
    for refund in waiting.order_by("pk"):
        click_not_asked = (
            refund.provider == PaymentProvider.CLICK
            and refund.status == PartialRefundStatus.PENDING
            and refund.sent_at is None
        )
        if click_not_asked:
            refused.append(f"#{refund.pk}: {_('Click has not been asked yet.')}")
            continue
        try:
            partial_refund_complete(
                refund_id=refund.pk, actor=request.user, note=f"Refunded by staff ({request.user})"
            )
        except DomainError as error:
            refused.append(f"#{refund.pk}: {error.message}")
        else:
            done += 1
    _report(modeladmin, request, done, refused, _("%(count)d partial refund(s) recorded."))


@admin.register(PartialRefund)
class PartialRefundAdmin(ReadOnlyAdmin):
    """Parts of payments going back for packs removed from paid orders. Payme ones wait here
    for staff to refund in the cabinet (with the return receipt shown) and mark them done."""

    list_display = (
        "id",
        "order",
        "provider",
        "amount",
        "status",
        "attempts",
        "refunded_at",
        "created_at",
    )
    list_filter = ("provider", "status", "created_at")
    search_fields = ("order__number", "order__customer__phone_number", "=payment__id")
    list_select_related = ("order",)
    date_hierarchy = "created_at"
    actions = (complete_partial_refund,)
    fields = (
        "order",
        "payment",
        "removal",
        "provider",
        "amount",
        "status",
        "fiscal_detail",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "refunded_at",
        "completed_by",
        "note",
        "created_at",
    )
    readonly_fields = fields


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "order",
        "provider",
        "amount",
        "badge",
        "state",
        "payme_transaction_id",
        "click_trans_id",
        "needs_review",
        "created_at",
    )
    list_filter = ("provider", "status", "state", "needs_review", "created_at")
    search_fields = (
        "order__number",
        "order__customer__phone_number",
        "=payme_transaction_id",
        "=click_trans_id",
        "=click_paydoc_id",
    )
    list_select_related = ("order",)
    date_hierarchy = "created_at"
    inlines = (PartialRefundInline, PaymentLogInline)
    actions = (complete_refund,)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "order",
                    "provider",
                    "amount",
                    "refunded_amount",
                    "status",
                    "needs_review",
                )
            },
        ),
        (
            _("Times"),
            {
                "fields": (
                    "created_at",
                    "paid_at",
                    "refund_requested_at",
                    "refunded_at",
                    "create_time",
                    "perform_time",
                    "cancel_time",
                )
            },
        ),
        (
            _("Payme"),
            {
                "fields": (
                    "payme_transaction_id",
                    "payme_time",
                    "state",
                    "reason",
                    "account",
                    "fiscal_detail",
                    "fiscal_perform",
                    "fiscal_cancel",
                )
            },
        ),
        (
            _("Click"),
            {
                "fields": (
                    "click_trans_id",
                    "click_paydoc_id",
                    "provider_error",
                    "provider_error_note",
                    "refund_attempts",
                    "refund_next_attempt_at",
                )
            },
        ),
        (_("Cash"), {"fields": ("collected_by", "handed_in_at", "handed_in_to")}),
    )

    @admin.display(description=_("status"), ordering="status")
    def badge(self, payment: Payment):
        return payment_badge(payment)


class HandedInFilter(admin.SimpleListFilter):
    title = _("handed in")
    parameter_name = "handed_in"

    def lookups(self, request, model_admin):
        return (("no", _("Not yet (owed)")), ("yes", _("Handed in")))

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(handed_in_at__isnull=True, status=PaymentStatus.PAID)
        if self.value() == "yes":
            return queryset.filter(handed_in_at__isnull=False)
        return queryset


@admin.action(description=_("Mark the selected cash as handed in to me"))
def mark_handed_in(modeladmin, request, queryset):
    payments = list(queryset.order_by("pk"))
    amount = sum((payment.amount for payment in payments), start=Decimal("0.00"))
    try:
        result = cash_hand_in(
            payment_ids=[payment.pk for payment in payments],
            amount=amount,
            received_by=request.user,
        )
    except DomainError as error:
        modeladmin.message_user(request, f"{error.message} {error.details}", messages.ERROR)
        return
    modeladmin.message_user(
        request,
        _("%(count)d collection(s), %(amount)s so'm handed in.")
        % {"count": result.count, "amount": result.amount},
        messages.SUCCESS,
    )


@admin.register(CashCollection)
class CashCollectionAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "order",
        "amount",
        "status",
        "collected_by",
        "paid_at",
        "handed_in_at",
        "handed_in_to",
    )
    list_filter = (HandedInFilter, "collected_by", "status", "paid_at")
    search_fields = ("order__number", "collected_by__phone_number")
    list_select_related = ("order", "collected_by", "handed_in_to")
    actions = (mark_handed_in,)
    readonly_fields = (
        "order",
        "amount",
        "status",
        "collected_by",
        "paid_at",
        "handed_in_at",
        "handed_in_to",
    )
    fields = readonly_fields

    def get_queryset(self, request):
        return super().get_queryset(request).filter(provider=PaymentProvider.CASH)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            owed = changelist.queryset.filter(status=PaymentStatus.PAID, handed_in_at__isnull=True)
            total = owed.aggregate(total=Sum("amount"))["total"] or Decimal("0")
            total = total.quantize(Decimal("0.01"))  # SQLite sums drop the places
            self.message_user(request, _("Owed in this list: %(total)s so'm") % {"total": total})
        return response


@admin.action(description=_("Mark resolved"))
def resolve_mismatches(modeladmin, request, queryset):
    done = 0
    for mismatch in queryset.filter(resolved_at__isnull=True).order_by("pk"):
        payment_mismatch_resolve(
            mismatch=mismatch, actor=request.user, resolution=f"Resolved in admin by {request.user}"
        )
        done += 1
    _report(modeladmin, request, done, [], _("%(count)d flag(s) resolved."))


@admin.register(PaymentMismatch)
class PaymentMismatchAdmin(ReadOnlyAdmin):
    list_display = ("id", "kind", "provider", "payment", "order", "detected_at", "resolved_at")
    list_filter = ("kind", "provider", ("resolved_at", admin.EmptyFieldListFilter), "detected_at")
    search_fields = ("order__number", "=payment__payme_transaction_id")
    list_select_related = ("payment", "order")
    actions = (resolve_mismatches,)
    readonly_fields = (
        "kind",
        "provider",
        "payment",
        "order",
        "details",
        "detected_at",
        "resolved_at",
        "resolved_by",
        "resolution",
    )
    fields = readonly_fields


@admin.register(PaymentLog)
class PaymentLogAdmin(ReadOnlyAdmin):
    list_display = ("id", "created_at", "provider", "kind", "action", "payment", "outcome")
    list_filter = ("provider", "kind", "created_at")
    search_fields = ("action", "outcome", "=payment__id", "order__number")
    list_select_related = ("payment",)
    readonly_fields = (
        "created_at",
        "provider",
        "kind",
        "action",
        "payment",
        "order",
        "from_status",
        "to_status",
        "outcome",
        "error_code",
        "actor",
        "request",
        "response",
    )
    fields = readonly_fields


class OrderPaymentInline(admin.TabularInline):
    """On an order's admin page: its payment attempts, each linked to its page and its log."""

    model = Payment
    fk_name = "order"
    extra = 0
    can_delete = False
    ordering = ("id",)
    fields = ("payment_link", "provider", "amount", "status_badge", "paid_at", "log_link")
    readonly_fields = fields
    verbose_name = _("payment")
    verbose_name_plural = _("payments")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("payment"))
    def payment_link(self, payment: Payment):
        url = reverse("admin:payments_payment_change", args=[payment.pk])
        return format_html('<a href="{}">#{}</a>', url, payment.pk)

    @admin.display(description=_("status"))
    def status_badge(self, payment: Payment):
        return payment_badge(payment)

    @admin.display(description=_("log"))
    def log_link(self, payment: Payment):
        url = reverse("admin:payments_paymentlog_changelist")
        return format_html(
            '<a href="{}?payment__id__exact={}">{}</a>', url, payment.pk, _("payment log")
        )


# Payments sit above orders, so they add themselves to the order's page.
OrderAdmin.inlines = (*OrderAdmin.inlines, OrderPaymentInline)
