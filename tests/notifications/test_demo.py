import pytest
from django.core.management import call_command

from apps.notifications.models import Notification
from apps.users.demo import DEMO_USERS

pytestmark = pytest.mark.django_db


def test_demo_accounts_get_one_welcome_notification_however_often_seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    welcomes = Notification.objects.filter(type="announcement", channel="in_app", status="sent")
    assert welcomes.count() == len(DEMO_USERS)
    assert set(welcomes.values_list("title", flat=True)) == {"Xush kelibsiz!"}
