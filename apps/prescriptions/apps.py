from django.apps import AppConfig


class PrescriptionsConfig(AppConfig):
    name = "apps.prescriptions"
    label = "prescriptions"

    def ready(self) -> None:
        from apps.users.privacy import register_export_section

        from .selectors import prescriptions_for_export

        register_export_section("prescriptions", prescriptions_for_export)
