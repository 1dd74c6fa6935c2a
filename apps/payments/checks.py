"""Deployment checks (`manage.py check --deploy`): the development simulator must be off and the
online providers configured in production."""

from django.conf import settings
from django.core import checks


def simulator_off_in_production(app_configs, **kwargs) -> list[checks.CheckMessage]:
    if settings.PAYMENTS_SIMULATOR_ENABLED:
        return [
            checks.Error(
                "PAYMENTS_SIMULATOR_ENABLED is on: anyone could mark orders paid.",
                hint="Unset PAYMENTS_SIMULATOR_ENABLED in production.",
                id="payments.E001",
            )
        ]
    return []


def providers_configured(app_configs, **kwargs) -> list[checks.CheckMessage]:
    missing = [
        name
        for name in ("PAYME_MERCHANT_ID", "PAYME_KEY", "CLICK_SERVICE_ID", "CLICK_SECRET_KEY")
        if not getattr(settings, name)
    ]
    if missing:
        return [
            checks.Warning(
                "Online payments are not configured: " + ", ".join(missing),
                hint="Without them the Payme/Click links are not offered and callbacks refused.",
                id="payments.W001",
            )
        ]
    return []


def register() -> None:
    checks.register(simulator_off_in_production, checks.Tags.security, deploy=True)
    checks.register(providers_configured, checks.Tags.security, deploy=True)
