"""Demo data for the embedded shop: every app may ship a `demo.py` with a `seed()` function;
they run in dependency order, so products exist before orders. Idempotent."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Create demo users (one per role), catalog and stock. Safe to run repeatedly."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Allow running with DEBUG off (not in production!)"
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo data is only loaded with DEBUG on; pass --force to insist.")
        password = settings.DEMO_PASSWORD
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if not config.name.startswith("apps.") or find_spec(module_name) is None:
                continue
            with transaction.atomic():
                summary = import_module(module_name).seed(password=password)
            self.stdout.write(f"{config.label}: {summary}")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
