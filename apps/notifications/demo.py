"""A welcome notification for each demo account, so the inbox of the embedded shop has
something in it. Idempotent: users who already have notifications are left alone."""

from apps.users.demo import DEMO_USERS
from apps.users.models import User

from .models import Channel, NotificationType
from .services import notification_enqueue

WELCOME = {
    "uz": {
        "title": "Xush kelibsiz!",
        "message": "Bu Dorixona demo do'koni. Buyurtmalaringiz holati shu yerda ko'rinadi.",
    },
    "ru": {
        "title": "Добро пожаловать!",
        "message": "Это демо-магазин Dorixona. Здесь появятся статусы ваших заказов.",
    },
    "en": {
        "title": "Welcome!",
        "message": "This is the Dorixona demo shop. Updates on your orders will appear here.",
    },
}


def seed(*, password: str) -> str:
    created = 0
    phones = [phone for phone, *_names in DEMO_USERS.values()]
    for user in User.objects.filter(phone_number__in=phones):
        if user.notifications.exists():
            continue
        notification_enqueue(
            type=NotificationType.ANNOUNCEMENT,
            channel=Channel.IN_APP,
            user=user,
            context=WELCOME.get(user.language, WELCOME["uz"]),
        )
        created += 1
    return f"{created} welcome notifications created"
