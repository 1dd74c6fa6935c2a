"""`manage.py dashboard_rebuild --from 2026-01-01 --to 2026-01-31`: recompute the roll-ups of
every day in the range (Asia/Tashkent days). Safe to run again, or while beat is running: each
day is replaced whole in its own transaction."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from apps.dashboard.periods import shop_today
from apps.dashboard.services import rollups_rebuild


class Command(BaseCommand):
    help = "Recompute the dashboard roll-ups of a range of days (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", type=date.fromisoformat, required=True)
        parser.add_argument("--to", dest="end", type=date.fromisoformat, default=None)
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, start: date, end: date | None, no_progress: bool, **options):
        end = end or shop_today()
        if start > end:
            raise CommandError("--from must not be after --to")
        total = (end - start).days + 1
        with tqdm(total=total, unit="day", disable=no_progress, file=self.stderr) as bar:
            computed = rollups_rebuild(start=start, end=end, on_day=lambda _day: bar.update(1))
        self.stdout.write(f"Recomputed {computed} day(s) from {start} to {end}.")
