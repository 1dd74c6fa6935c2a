import pytest

from apps.prescriptions import events
from apps.prescriptions.models import Prescription


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Every test gets its own private and public media directories."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def received():
    """Domain events received after commit, as (name, kwargs); the sender is the model."""
    log = []
    signals = {
        "approved": events.prescription_approved,
        "rejected": events.prescription_rejected,
        "expired": events.prescription_expired,
    }

    def receiver_for(name):
        def receive(sender, signal, **kwargs):
            assert sender is Prescription
            log.append((name, kwargs))

        return receive

    receivers = {name: receiver_for(name) for name in signals}
    for name, signal in signals.items():
        signal.connect(receivers[name])
    yield log
    for name, signal in signals.items():
        signal.disconnect(receivers[name])
