import pytest


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Every test gets its own private and public media directories."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture(autouse=True)
def delivery_settings(settings):
    """Known limits whatever the environment says; tests that need others set them."""
    settings.DELIVERY_MAX_ACTIVE_PER_COURIER = 2
    settings.DELIVERY_AUTO_ASSIGN = False
    settings.DELIVERY_HANDOVER_MAX_ATTEMPTS = 3
    settings.DELIVERY_LOCATION_MIN_INTERVAL_SECONDS = 10
    settings.DELIVERY_LOCATION_HISTORY_SIZE = 5
    return settings
