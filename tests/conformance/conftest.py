from tests.payments.providers import provider_settings  # noqa: F401
