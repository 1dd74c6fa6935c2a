"""The beat entries point at tasks that run (Celery is eager in tests)."""

from datetime import timedelta

import pytest
from django.conf import settings

from apps.dashboard import tasks
from apps.dashboard.models import DailyStats, SystemHealthLog
from apps.dashboard.periods import shop_today

pytestmark = pytest.mark.django_db


def test_beat_schedule_names_the_dashboard_tasks():
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert {
        "apps.dashboard.tasks.dashboard_refresh_task",
        "apps.dashboard.tasks.dashboard_finalise_task",
        "apps.dashboard.tasks.system_health_task",
    } <= scheduled


def test_refresh_task_computes_today_and_finalise_task_marks_yesterday_final():
    assert tasks.dashboard_refresh_task.delay().get() == [str(shop_today())]
    assert tasks.dashboard_finalise_task.delay().get() == str(shop_today() - timedelta(days=1))

    assert not DailyStats.objects.get(day=shop_today()).is_final
    assert DailyStats.objects.get(day=shop_today() - timedelta(days=1)).is_final


def test_system_health_task_stores_a_snapshot():
    pk = tasks.system_health_task.delay().get()

    assert SystemHealthLog.objects.filter(pk=pk).exists()
