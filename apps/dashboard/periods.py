"""Calendar days in Asia/Tashkent: the shop's day runs from local midnight to local midnight,
whatever the server's or the database's time zone."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from .errors import InvalidPeriod

SHOP_TZ = ZoneInfo("Asia/Tashkent")


class Preset:
    TODAY = "today"
    YESTERDAY = "yesterday"
    LAST_7_DAYS = "last_7_days"
    LAST_30_DAYS = "last_30_days"
    THIS_MONTH = "this_month"
    ALL = (TODAY, YESTERDAY, LAST_7_DAYS, LAST_30_DAYS, THIS_MONTH)


@dataclass(frozen=True)
class Period:
    """Days `start`..`end`, both included."""

    start: date
    end: date

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]


def shop_today() -> date:
    return timezone.now().astimezone(SHOP_TZ).date()


def shop_day_of(moment: datetime) -> date:
    return moment.astimezone(SHOP_TZ).date()


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """[start, end) of a shop day as aware datetimes."""
    start = datetime.combine(day, time.min, tzinfo=SHOP_TZ)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=SHOP_TZ)


def period_from_preset(preset: str, *, today: date | None = None) -> Period:
    today = today or shop_today()
    if preset == Preset.TODAY:
        return Period(today, today)
    if preset == Preset.YESTERDAY:
        return Period(today - timedelta(days=1), today - timedelta(days=1))
    if preset == Preset.LAST_7_DAYS:
        return Period(today - timedelta(days=6), today)
    if preset == Preset.LAST_30_DAYS:
        return Period(today - timedelta(days=29), today)
    if preset == Preset.THIS_MONTH:
        return Period(today.replace(day=1), today)
    raise InvalidPeriod(details={"preset": preset})


def period_resolve(
    *, start: date | None, end: date | None, preset: str | None, default: str
) -> Period:
    """The period a dashboard request asks for: explicit dates win over a preset; a missing end
    is today, a missing start is the end. Longer than DASHBOARD_MAX_PERIOD_DAYS is refused."""
    if start is None and end is None:
        return period_from_preset(preset or default)
    end = end or shop_today()
    start = start or end
    if start > end:
        raise InvalidPeriod(details={"from": str(start), "to": str(end)})
    if (end - start).days + 1 > settings.DASHBOARD_MAX_PERIOD_DAYS:
        raise InvalidPeriod(details={"max_days": settings.DASHBOARD_MAX_PERIOD_DAYS})
    return Period(start, end)
