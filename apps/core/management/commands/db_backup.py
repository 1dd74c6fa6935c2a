from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.core.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Dump the database with pg_dump -Fc into BACKUP_DIR (timestamped, mode 600) and keep only "
        "the newest BACKUP_KEEP dumps."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, help="Where to write (default: BACKUP_DIR).")
        parser.add_argument(
            "--keep", type=int, help="How many dumps to keep (default: BACKUP_KEEP)."
        )

    def handle(self, *args, dir: Path | None = None, keep: int | None = None, **options):
        keep = settings.BACKUP_KEEP if keep is None else keep
        if keep < 1:
            raise CommandError("--keep must be at least 1.")
        try:
            dump = backup_create(directory=dir or settings.BACKUP_DIR, keep=keep)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{dump} ({dump.stat().st_size} bytes)")
