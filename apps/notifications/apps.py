from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "apps.notifications"
    label = "notifications"

    def ready(self) -> None:
        from apps.users.privacy import register_erasure_step, register_export_section

        from .selectors import notifications_for_export
        from .services.privacy import notifications_erase

        register_export_section("notifications", notifications_for_export)
        register_erasure_step("notifications", notifications_erase)
