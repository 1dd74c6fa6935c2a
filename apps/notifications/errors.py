from django.utils.translation import gettext_lazy as _

from apps.core.errors import Conflict, NotFound, ValidationFailed


class NotificationNotFound(NotFound):
    code = "notification_not_found"
    default_message = _("Notification not found.")


class TemplateInvalid(ValidationFailed):
    code = "template_invalid"
    default_message = _("The template cannot be saved: check its placeholders.")


class TemplateExists(Conflict):
    code = "template_exists"
    default_message = _("A template for this type and language already exists.")


class TemplateNotFound(NotFound):
    code = "template_not_found"
    default_message = _("Template not found.")


class PreferenceLocked(ValidationFailed):
    code = "preference_locked"
    default_message = _("These notifications cannot be switched off.")


class QuietHoursInvalid(ValidationFailed):
    code = "quiet_hours_invalid"
    default_message = _("Quiet hours need both a start and an end, and they must differ.")


class BroadcastInvalid(ValidationFailed):
    code = "broadcast_invalid"
    default_message = _("The broadcast cannot be sent as given.")


class DeliveryReportNotFound(NotFound):
    code = "message_not_found"
    default_message = _("No message with this provider id.")
