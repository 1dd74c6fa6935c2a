"""Provider time: integer milliseconds since the Unix epoch, UTC. Converted exactly (integer
arithmetic on aware datetimes), never through local time or floats."""

from datetime import UTC, datetime, timedelta

from django.utils import timezone

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MILLISECOND = timedelta(milliseconds=1)


def ms_from_datetime(moment: datetime) -> int:
    return (moment - EPOCH) // MILLISECOND


def datetime_from_ms(ms: int) -> datetime:
    return EPOCH + ms * MILLISECOND


def now_ms() -> int:
    return ms_from_datetime(timezone.now())
