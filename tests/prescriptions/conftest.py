import pytest


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Every test gets its own private and public media directories."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_MEDIA_ROOT
