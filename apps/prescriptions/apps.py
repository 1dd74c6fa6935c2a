from django.apps import AppConfig


class PrescriptionsConfig(AppConfig):
    name = "apps.prescriptions"
    label = "prescriptions"
