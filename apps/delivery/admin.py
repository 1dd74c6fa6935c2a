"""Back office for delivery. Deliveries are never edited here: assignment, return, a second
attempt and a new handover code are actions that call the same services as the API. Zones and
pickup points are configuration: administrators edit them, operators look them up."""

import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.core.errors import DomainError
from apps.core.roles import STAFF_ROLES, Role
from apps.orders.admin import OrderAdmin
from apps.users.models import User

from .models import (
    CourierShift,
    Delivery,
    DeliveryStatus,
    DeliveryStatusHistory,
    DeliveryZone,
    PickupPoint,
)
from .services import (
    delivery_assign,
    delivery_auto_assign,
    delivery_retry,
    delivery_return,
    handover_code_reissue,
)

STATUS_COLOURS = {
    DeliveryStatus.READY: "#16a085",
    DeliveryStatus.ASSIGNED: "#8e44ad",
    DeliveryStatus.PICKED_UP: "#2e86c1",
    DeliveryStatus.ON_THE_WAY: "#2874a6",
    DeliveryStatus.DELIVERED: "#1e8449",
    DeliveryStatus.FAILED: "#c0392b",
    DeliveryStatus.RETURNED: "#7f8c8d",
}


def delivery_badge(delivery: Delivery):
    return format_html(
        '<span style="background:{};color:#fff;padding:2px 8px;border-radius:10px;'
        'white-space:nowrap">{}</span>',
        STATUS_COLOURS.get(delivery.status, "#6c757d"),
        delivery.get_status_display(),
    )


def _role(request) -> str:
    user = request.user
    return user.role if user.is_active and user.is_authenticated else ""


class StaffViewsAdminEdits(admin.ModelAdmin):
    """Pharmacy staff see it; administrators change it; nobody deletes from here."""

    def has_module_permission(self, request) -> bool:
        return _role(request) in STAFF_ROLES

    def has_view_permission(self, request, obj=None) -> bool:
        return _role(request) in STAFF_ROLES

    def has_add_permission(self, request) -> bool:
        return _role(request) == Role.ADMIN

    def has_change_permission(self, request, obj=None) -> bool:
        return _role(request) == Role.ADMIN

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class PolygonWidget(forms.Textarea):
    """GeoJSON coordinates as indented JSON text."""

    def format_value(self, value):
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                return value
        return "" if value is None else json.dumps(value, indent=1)


class DeliveryZoneForm(forms.ModelForm):
    class Meta:
        model = DeliveryZone
        fields = (
            "name",
            "is_active",
            "polygon",
            "center_latitude",
            "center_longitude",
            "radius_km",
            "fee",
            "free_delivery_from",
            "min_order_total",
            "eta_min_minutes",
            "eta_max_minutes",
            "opens_at",
            "closes_at",
            "pickup_point",
        )
        widgets = {"polygon": PolygonWidget(attrs={"rows": 12, "cols": 60})}


@admin.register(DeliveryZone)
class DeliveryZoneAdmin(StaffViewsAdminEdits):
    form = DeliveryZoneForm
    list_display = (
        "name",
        "is_active",
        "shape",
        "fee",
        "free_delivery_from",
        "min_order_total",
        "eta",
        "hours",
    )
    list_filter = ("is_active",)
    search_fields = ("name",)
    fieldsets = (
        (None, {"fields": ("name", "is_active", "pickup_point")}),
        (
            _("Area: a polygon, or a centre and a radius"),
            {"fields": ("polygon", "center_latitude", "center_longitude", "radius_km")},
        ),
        (
            _("Prices and promise"),
            {
                "fields": (
                    "fee",
                    "free_delivery_from",
                    "min_order_total",
                    "eta_min_minutes",
                    "eta_max_minutes",
                )
            },
        ),
        (_("Hours (Asia/Tashkent)"), {"fields": ("opens_at", "closes_at")}),
    )

    @admin.display(description=_("shape"))
    def shape(self, zone: DeliveryZone) -> str:
        if zone.polygon is not None:
            return _("polygon")
        return _("circle, %(radius)s km") % {"radius": zone.radius_km}

    @admin.display(description=_("delivery time"))
    def eta(self, zone: DeliveryZone) -> str:
        return f"{zone.eta_min_minutes} to {zone.eta_max_minutes} min"

    @admin.display(description=_("hours"))
    def hours(self, zone: DeliveryZone) -> str:
        if zone.opens_at is None:
            return str(_("round the clock"))
        return f"{zone.opens_at:%H:%M} to {zone.closes_at:%H:%M}"


@admin.register(PickupPoint)
class PickupPointAdmin(StaffViewsAdminEdits):
    list_display = ("name", "address", "opens_at", "closes_at", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "address")


class DeliveryStatusHistoryInline(admin.TabularInline):
    model = DeliveryStatusHistory
    extra = 0
    can_delete = False
    fields = ("created_at", "attempt", "from_status", "to_status", "courier", "actor", "reason")
    readonly_fields = fields
    ordering = ("id",)

    def has_view_permission(self, request, obj=None) -> bool:
        return _role(request) in STAFF_ROLES

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class CourierActionForm(ActionForm):
    courier = forms.ModelChoiceField(
        queryset=User.objects.filter(role=Role.COURIER, is_active=True, deleted_at__isnull=True),
        required=False,
        label=_("Courier"),
        help_text=_("For “Assign to the chosen courier”."),
    )


def _run(modeladmin, request, queryset, service, done_message: str) -> None:
    """Call `service(delivery)` for each selected delivery; report what was refused and why."""
    done = 0
    for delivery in queryset.select_related("order").order_by("pk"):
        try:
            service(delivery)
        except DomainError as error:
            modeladmin.message_user(
                request, f"{delivery.order.number}: {error.message}", messages.ERROR
            )
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    action_form = CourierActionForm
    list_display = (
        "order_number",
        "badge",
        "courier",
        "zone",
        "attempt",
        "eta_latest",
        "proof_method",
        "updated_at",
    )
    list_filter = ("status", "zone", "proof_method", "failure_reason")
    search_fields = ("order__number", "courier__phone_number", "address_text")
    list_select_related = ("order", "courier", "zone")
    ordering = ("-created_at",)
    inlines = (DeliveryStatusHistoryInline,)
    fieldsets = (
        (None, {"fields": ("order_number", "badge", "attempt", "courier", "zone")}),
        (
            _("Where"),
            {"fields": ("pickup_point", "address_text", "latitude", "longitude")},
        ),
        (
            _("When"),
            {
                "fields": (
                    "eta_earliest",
                    "eta_latest",
                    "assigned_at",
                    "picked_up_at",
                    "on_the_way_at",
                    "delivered_at",
                    "failed_at",
                    "returned_at",
                )
            },
        ),
        (
            _("Handover"),
            {
                "fields": (
                    "handover_code_sent_at",
                    "handover_failed_attempts",
                    "proof_method",
                    "proof_photo_link",
                    "proof_note",
                    "failure_reason",
                    "failure_note",
                )
            },
        ),
        (
            _("Last known location"),
            {"fields": ("last_latitude", "last_longitude", "last_location_at")},
        ),
    )
    readonly_fields = (
        "order_number",
        "badge",
        "attempt",
        "courier",
        "zone",
        "pickup_point",
        "address_text",
        "latitude",
        "longitude",
        "eta_earliest",
        "eta_latest",
        "assigned_at",
        "picked_up_at",
        "on_the_way_at",
        "delivered_at",
        "failed_at",
        "returned_at",
        "handover_code_sent_at",
        "handover_failed_attempts",
        "proof_method",
        "proof_photo_link",
        "proof_note",
        "failure_reason",
        "failure_note",
        "last_latitude",
        "last_longitude",
        "last_location_at",
    )
    actions = (
        "assign_to_chosen_courier",
        "auto_assign",
        "mark_returned",
        "send_again",
        "send_new_handover_code",
    )

    @admin.display(description=_("order"), ordering="order__number")
    def order_number(self, delivery: Delivery) -> str:
        return delivery.order.number

    @admin.display(description=_("status"), ordering="status")
    def badge(self, delivery: Delivery):
        return delivery_badge(delivery)

    @admin.display(description=_("proof photo"))
    def proof_photo_link(self, delivery: Delivery):
        if not delivery.proof_photo:
            return "—"
        url = reverse("delivery-proof-photo", kwargs={"delivery_id": delivery.pk})
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, _("open"))

    @admin.action(description=_("Assign to the chosen courier"))
    def assign_to_chosen_courier(self, request, queryset):
        try:
            courier = CourierActionForm.base_fields["courier"].clean(request.POST.get("courier"))
        except ValidationError:
            courier = None
        if courier is None:
            self.message_user(request, _("Choose a courier first."), messages.ERROR)
            return
        _run(
            self,
            request,
            queryset,
            lambda d: delivery_assign(delivery=d, courier_id=courier.pk, actor=request.user),
            _("%(count)d delivery(ies) assigned."),
        )

    @admin.action(description=_("Assign to the least-loaded courier on shift"))
    def auto_assign(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda d: delivery_auto_assign(delivery=d, actor=request.user),
            _("%(count)d delivery(ies) assigned."),
        )

    @admin.action(description=_("Parcel is back at the pharmacy"))
    def mark_returned(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda d: delivery_return(delivery=d, actor=request.user),
            _("%(count)d delivery(ies) marked returned."),
        )

    @admin.action(description=_("Send again (new attempt)"))
    def send_again(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda d: delivery_retry(delivery=d, actor=request.user),
            _("%(count)d delivery(ies) sent again."),
        )

    @admin.action(description=_("Text the customer a new handover code"))
    def send_new_handover_code(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda d: handover_code_reissue(delivery=d, actor=request.user),
            _("%(count)d new code(s) sent."),
        )

    def has_module_permission(self, request) -> bool:
        return _role(request) in STAFF_ROLES

    def has_view_permission(self, request, obj=None) -> bool:
        return _role(request) in STAFF_ROLES

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # Viewing only: a form save would bypass the state machine.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CourierShift)
class CourierShiftAdmin(admin.ModelAdmin):
    list_display = ("courier", "started_at", "ended_at")
    list_filter = ("ended_at",)
    search_fields = ("courier__phone_number", "courier__first_name")
    list_select_related = ("courier",)

    def has_module_permission(self, request) -> bool:
        return _role(request) in STAFF_ROLES

    def has_view_permission(self, request, obj=None) -> bool:
        return _role(request) in STAFF_ROLES

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class OrderDeliveryInline(admin.TabularInline):
    """On an order's admin page: its delivery, linked to its own page (courier, history,
    proof)."""

    model = Delivery
    fk_name = "order"
    extra = 0
    can_delete = False
    fields = ("delivery_link", "status_badge", "courier", "attempt", "proof_method", "updated_at")
    readonly_fields = fields
    verbose_name = _("delivery")
    verbose_name_plural = _("delivery")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("courier")

    @admin.display(description=_("delivery"))
    def delivery_link(self, delivery: Delivery):
        url = reverse("admin:delivery_delivery_change", args=[delivery.pk])
        return format_html('<a href="{}">#{}</a>', url, delivery.pk)

    @admin.display(description=_("status"))
    def status_badge(self, delivery: Delivery):
        return delivery_badge(delivery)


# Deliveries sit above orders, so they add themselves to the order's page.
OrderAdmin.inlines = (*OrderAdmin.inlines, OrderDeliveryInline)
