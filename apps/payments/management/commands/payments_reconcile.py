"""`manage.py payments_reconcile --from 2026-11-01 --to 2026-11-23`: compare our payments with
Payme's statement semantics and Click's records over whole days (Asia/Tashkent, both days
included) and flag mismatches for admins."""

from datetime import date, datetime, time, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.payments.services import payments_reconcile


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"not a date (YYYY-MM-DD): {value}") from exc


class Command(BaseCommand):
    help = "Reconcile payments with the providers over a period and flag mismatches."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="date_from", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, help="last day, YYYY-MM-DD")

    def handle(self, *args, date_from: str, date_to: str, **options):
        first, last = _day(date_from), _day(date_to)
        if last < first:
            raise CommandError("--to is before --from")
        zone = timezone.get_current_timezone()
        start = datetime.combine(first, time.min, tzinfo=zone)
        end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone)
        report = payments_reconcile(start=start, end=end)
        self.stdout.write(
            f"Checked {report.payme_checked} Payme, {report.click_checked} Click payments "
            f"({report.click_mti_checked} more Click orders by number) and "
            f"{report.orders_checked} paid orders from {first} to {last}."
        )
        for flag in report.flags:
            subject = (
                f"payment #{flag.payment_id}" if flag.payment_id else f"order #{flag.order_id}"
            )
            self.stdout.write(f"  {flag.get_kind_display()}: {subject} {flag.details}")
        style = self.style.WARNING if report.flags else self.style.SUCCESS
        self.stdout.write(style(f"{len(report.flags)} mismatch(es) flagged."))
