"""Back office for orders. Orders are never edited or saved here: every status change is an
action that calls `order_transition`, the same service the API uses."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from apps.core.errors import DomainError
from apps.prescriptions.admin import PrescriptionAdmin

from .models import (
    Order,
    OrderItem,
    OrderItemAllocation,
    OrderItemRemoval,
    OrderStatus,
    OrderStatusHistory,
)
from .services import order_item_reduce, order_transition
from .state import LINE_REMOVAL_STATUSES

STATUS_COLOURS = {
    OrderStatus.CREATED: "#6c757d",
    OrderStatus.AWAITING_PRESCRIPTION: "#b8860b",
    OrderStatus.AWAITING_PAYMENT: "#e67e22",
    OrderStatus.PAID: "#2e86c1",
    OrderStatus.PREPARING: "#8e44ad",
    OrderStatus.READY_FOR_DELIVERY: "#16a085",
    OrderStatus.ON_THE_WAY: "#2874a6",
    OrderStatus.DELIVERED: "#1e8449",
    OrderStatus.CANCELLED: "#c0392b",
    OrderStatus.REFUNDED: "#7f8c8d",
}


def status_badge(status: str, label: str):
    return format_html(
        '<span style="background:{};color:#fff;padding:2px 8px;border-radius:10px;'
        'white-space:nowrap">{}</span>',
        STATUS_COLOURS.get(status, "#6c757d"),
        label,
    )


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class OrderItemInline(ReadOnlyInline):
    model = OrderItem
    fields = (
        "product_name",
        "quantity",
        "unit_price",
        "line_total",
        "requires_prescription",
        "ikpu_code",
        "batches",
        "remove_link",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("order")
            .prefetch_related(
                Prefetch(
                    "allocations", queryset=OrderItemAllocation.objects.select_related("batch")
                )
            )
        )

    @admin.display(description=_("batches (lot, expiry, quantity)"))
    def batches(self, item: OrderItem):
        return format_html_join(
            "",
            "<div>{} · {} · {}</div>",
            (
                (a.batch.lot_number, a.batch.expiry_date.isoformat(), a.quantity)
                for a in item.allocations.all()
            ),
        )

    @admin.display(description=_("not available?"))
    def remove_link(self, item: OrderItem):
        if item.order.status not in LINE_REMOVAL_STATUSES:
            return "—"
        url = reverse("admin:orders_order_remove_item", args=[item.order_id, item.pk])
        return format_html('<a href="{}">{}</a>', url, _("Remove packs…"))


class OrderItemRemovalInline(ReadOnlyInline):
    model = OrderItemRemoval
    fields = (
        "created_at",
        "product_name",
        "quantity",
        "quantity_kept",
        "amount",
        "total_after",
        "was_paid",
        "actor",
        "reason",
    )
    readonly_fields = fields
    ordering = ("id",)


class RemoveItemForm(forms.Form):
    keep = forms.IntegerField(
        label=_("Packs that stay on the order"),
        min_value=0,
        initial=0,
        help_text=_("0 removes the whole line."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=400, widget=forms.Textarea)


class OrderStatusHistoryInline(ReadOnlyInline):
    model = OrderStatusHistory
    fields = ("created_at", "from_status", "to_status", "actor", "actor_role", "reason")
    readonly_fields = fields
    ordering = ("id",)


def _transition_action(to: str, description: str, reason: str):
    def action(modeladmin, request, queryset):
        done, refused = 0, []
        for order in queryset.order_by("pk"):
            try:
                order_transition(order=order, to=to, actor=request.user, reason=reason)
            except DomainError as error:
                refused.append(f"{order.number}: {error.message}")
            else:
                done += 1
        if done:
            modeladmin.message_user(
                request,
                _("%(count)d order(s) moved to “%(status)s”.")
                % {"count": done, "status": OrderStatus(to).label},
                messages.SUCCESS,
            )
        for line in refused:
            modeladmin.message_user(request, line, messages.ERROR)

    action.__name__ = f"move_to_{to}"
    return admin.action(description=description)(action)


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "customer",
        "badge",
        "payment_method",
        "delivery_type",
        "total",
        "requires_prescription",
        "created_at",
    )
    list_filter = (
        "status",
        "payment_method",
        "delivery_type",
        "requires_prescription",
        "created_at",
    )
    search_fields = ("number", "customer__phone_number")
    list_select_related = ("customer",)
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    inlines = (OrderItemInline, OrderItemRemovalInline, OrderStatusHistoryInline)
    fieldsets = (
        (None, {"fields": ("number", "customer", "badge", "created_at")}),
        (
            _("Payment"),
            {"fields": ("payment_method", "paid_at", "payment_reference")},
        ),
        (
            _("Delivery"),
            {
                "fields": (
                    "delivery_type",
                    "address_text",
                    "address_latitude",
                    "address_longitude",
                    "customer_note",
                    "delivered_at",
                )
            },
        ),
        (
            _("Totals"),
            {"fields": ("items_total", "delivery_fee", "total")},
        ),
        (
            _("Stock and prescriptions"),
            {
                "fields": (
                    "stock_state",
                    "reservation_expires_at",
                    "requires_prescription",
                    "prescription_claimed",
                    "prescription_links",
                    "cancelled_at",
                )
            },
        ),
    )
    readonly_fields = (
        "number",
        "customer",
        "badge",
        "created_at",
        "payment_method",
        "paid_at",
        "payment_reference",
        "delivery_type",
        "address_text",
        "address_latitude",
        "address_longitude",
        "customer_note",
        "delivered_at",
        "items_total",
        "delivery_fee",
        "total",
        "stock_state",
        "reservation_expires_at",
        "requires_prescription",
        "prescription_claimed",
        "prescription_links",
        "cancelled_at",
    )
    actions = (
        _transition_action(
            OrderStatus.PREPARING, _("Start preparing"), "Preparation started in admin"
        ),
        _transition_action(
            OrderStatus.READY_FOR_DELIVERY, _("Mark ready for delivery"), "Ready (admin)"
        ),
        _transition_action(
            OrderStatus.DELIVERED, _("Hand over at the counter (pickup)"), "Handed over (admin)"
        ),
        _transition_action(OrderStatus.CANCELLED, _("Cancel"), "Cancelled by staff in admin"),
    )

    def get_urls(self):
        return [
            path(
                "<int:order_id>/items/<int:item_id>/remove/",
                self.admin_site.admin_view(self.remove_item_view),
                name="orders_order_remove_item",
            ),
            *super().get_urls(),
        ]

    def remove_item_view(self, request, order_id: int, item_id: int):
        """Take packs the pharmacy cannot supply off an order: the same service as the API."""
        if not request.user.is_pharmacy_staff:
            raise Http404
        item = get_object_or_404(
            OrderItem.objects.select_related("order"), pk=item_id, order_id=order_id
        )
        order_url = reverse("admin:orders_order_change", args=[order_id])
        form = RemoveItemForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                removal = order_item_reduce(
                    order=item.order,
                    item_id=item.pk,
                    keep=form.cleaned_data["keep"],
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                self.message_user(
                    request,
                    _("%(quantity)d x %(product)s removed; new total %(total)s so'm.")
                    % {
                        "quantity": removal.quantity,
                        "product": removal.product_name,
                        "total": removal.total_after,
                    },
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(order_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Remove packs of %(product)s") % {"product": item.product_name},
            "order": item.order,
            "item": item,
            "form": form,
            "order_url": order_url,
        }
        return TemplateResponse(request, "admin/orders/order/remove_item.html", context)

    @admin.display(description=_("status"), ordering="status")
    def badge(self, order: Order):
        return status_badge(order.status, order.get_status_display())

    @admin.display(description=_("prescriptions"))
    def prescription_links(self, order: Order):
        links = format_html_join(
            ", ",
            '<a href="{}">#{} ({})</a>',
            (
                (
                    reverse("admin:prescriptions_prescription_change", args=[p.pk]),
                    p.pk,
                    p.get_status_display(),
                )
                for p in order.prescriptions.order_by("pk")
            ),
        )
        return links or "—"

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # Viewing only: a form save would bypass the state machine.
        return False


class WaitingOrderInline(ReadOnlyInline):
    """On a prescription's admin page: the orders it is attached to, so the pharmacist sees
    what an approval will release."""

    model = Order.prescriptions.through
    fk_name = "prescription"
    fields = ("order_link", "order_status", "order_created")
    readonly_fields = fields
    verbose_name = _("order waiting for it")
    verbose_name_plural = _("orders it is attached to")

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_pharmacy_staff

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("order").order_by("order__created_at")

    @admin.display(description=_("order"))
    def order_link(self, link):
        url = reverse("admin:orders_order_change", args=[link.order_id])
        return format_html('<a href="{}">{}</a>', url, link.order.number)

    @admin.display(description=_("status"))
    def order_status(self, link):
        return link.order.get_status_display()

    @admin.display(description=_("placed"))
    def order_created(self, link):
        return link.order.created_at


# Orders sit above prescriptions, so they add themselves to the prescription's page.
PrescriptionAdmin.inlines = (*PrescriptionAdmin.inlines, WaitingOrderInline)
