import factory
from django.utils import timezone

from apps.notifications.models import (
    Channel,
    Notification,
    NotificationStatus,
    NotificationTemplate,
    NotificationType,
)
from tests.users.factories import CustomerFactory


class InAppNotificationFactory(factory.django.DjangoModelFactory):
    """An in-app notification as `notification_enqueue` leaves it: stored and already sent."""

    class Meta:
        model = Notification

    user = factory.SubFactory(CustomerFactory)
    channel = Channel.IN_APP
    type = NotificationType.ORDER_PAID
    title = factory.Sequence(lambda n: f"Order A-{n} paid")
    body = factory.Sequence(lambda n: f"Dorixona: order A-{n} is paid.")
    payload = factory.Sequence(lambda n: {"order_number": f"A-{n}"})
    status = NotificationStatus.SENT
    sent_at = factory.LazyFunction(timezone.now)


class NotificationTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationTemplate

    type = NotificationType.ORDER_PAID
    language = "en"
    title = "Paid: {order_number}"
    body = "Dorixona: thank you, order {order_number} is paid."


class PendingSmsFactory(factory.django.DjangoModelFactory):
    """An SMS waiting in the outbox, due now (as after a commit whose dispatch never ran)."""

    class Meta:
        model = Notification

    user = factory.SubFactory(CustomerFactory)
    recipient = factory.LazyAttribute(lambda o: o.user.phone_number)
    channel = Channel.SMS
    type = NotificationType.ORDER_READY
    body = factory.Sequence(lambda n: f"Dorixona: order A-{n} is ready.")
    status = NotificationStatus.PENDING
    next_attempt_at = factory.LazyFunction(timezone.now)
