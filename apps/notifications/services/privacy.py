from ..models import Notification

ERASED = "[erased]"


def notifications_erase(user) -> int:
    """Account deletion: scrub the person's phone, address and message texts from their
    notifications. The rows stay (delivery statistics and SMS costs are accounting)."""
    messages = Notification.objects.filter(user=user)
    messages.exclude(recipient="").update(recipient=ERASED)
    return messages.update(title="", body="", payload={})
