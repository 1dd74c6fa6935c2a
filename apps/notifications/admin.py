from django.contrib import admin, messages
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from apps.core.phone import mask_phone

from . import services
from .models import (
    Broadcast,
    Notification,
    NotificationPreference,
    NotificationTemplate,
    NotificationType,
    SmsDailyUsage,
)
from .rendering import DEFAULT_TEXTS, template_variables


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by services: staff look, actions act."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("id", "type", "channel", "masked_recipient", "status", "attempts", "created_at")
    list_filter = ("status", "channel", "type", "delivery_status")
    search_fields = ("recipient", "provider_message_id")
    date_hierarchy = "created_at"
    list_select_related = ("user",)
    exclude = ("body", "payload")
    readonly_fields = ("text",)
    actions = ("retry", "cancel")

    @admin.display(description=_("recipient"))
    def masked_recipient(self, notification) -> str:
        return mask_phone(notification.recipient) if notification.recipient else "-"

    @admin.display(description=_("text"))
    def text(self, notification) -> str:
        # A code waiting to be sent is still in the row; staff never see it.
        return "•••" if notification.is_sensitive else notification.body

    @admin.action(description=_("Retry the selected failed messages now"))
    def retry(self, request, queryset):
        retried = sum(services.notification_retry(notification=n) for n in queryset)
        self.message_user(request, _("%(count)d message(s) queued again.") % {"count": retried})

    @admin.action(description=_("Cancel the selected pending messages"))
    def cancel(self, request, queryset):
        cancelled = sum(services.notification_cancel(notification=n) for n in queryset)
        self.message_user(request, _("%(count)d message(s) cancelled.") % {"count": cancelled})


def _placeholder_help() -> str:
    rows = []
    for type in DEFAULT_TEXTS:
        required, allowed = template_variables(type)
        names = {
            "required": ", ".join(f"{{{name}}}" for name in sorted(required)) or "-",
            "optional": ", ".join(f"{{{name}}}" for name in sorted(allowed - required)) or "-",
        }
        rows.append(
            (
                NotificationType(type).label,
                _("text needs %(required)s; the title may also use %(optional)s") % names,
            )
        )
    return format_html_join("", "<br><b>{}</b>: {}", rows)


@admin.register(NotificationTemplate)
class NotificationTemplateAdmin(admin.ModelAdmin):
    """Editing here runs the same validation as the API (`NotificationTemplate.clean`)."""

    list_display = ("type", "language", "is_active", "updated_at", "updated_by")
    list_filter = ("language", "is_active", "type")
    search_fields = ("type", "title", "body")
    readonly_fields = ("updated_by", "updated_at")
    fields = ("type", "language", "title", "body", "is_active", "updated_by", "updated_at")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.base_fields["body"].help_text = _placeholder_help()
        return form

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        messages.info(request, _("Messages use this text from now on."))


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyAdmin):
    list_display = ("user", "muted_channels", "muted_types", "quiet_hours_start", "quiet_hours_end")
    list_filter = (("quiet_hours_start", admin.EmptyFieldListFilter),)
    search_fields = ("user__phone_number", "user__last_name")
    list_select_related = ("user",)


@admin.register(SmsDailyUsage)
class SmsDailyUsageAdmin(ReadOnlyAdmin):
    list_display = ("date", "messages", "segments", "cost", "blocked", "budget_alerted_at")
    list_filter = (("budget_alerted_at", admin.EmptyFieldListFilter),)
    date_hierarchy = "date"


@admin.register(Broadcast)
class BroadcastAdmin(ReadOnlyAdmin):
    list_display = ("id", "type", "segment", "channels", "status", "recipients", "created_at")
    list_filter = ("status", "segment", "type")
    search_fields = ("=id", "created_by__phone_number")
    list_select_related = ("created_by",)
