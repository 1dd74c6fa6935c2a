from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from apps.core.backups import BackupError, backup_restore, table_fingerprints


class Command(BaseCommand):
    help = (
        "Restore a db_backup dump into a fresh database (never the configured one), then print "
        "its row counts; --compare also checks every table against the configured database."
    )

    def add_arguments(self, parser):
        parser.add_argument("dump", type=Path, help="A file written by db_backup.")
        parser.add_argument("--target", required=True, help="Name of the fresh database.")
        parser.add_argument("--create", action="store_true", help="Create the target database.")
        parser.add_argument(
            "--compare",
            action="store_true",
            help="Fail unless every table has the same rows as in the configured database "
            "(for drills and CI: only meaningful when nothing wrote to it since the dump).",
        )

    def handle(self, *args, dump: Path, target: str, create: bool, compare: bool, **options):
        try:
            backup_restore(dump=dump, target=target, create=create)
            restored = table_fingerprints(database=target)
            source = (
                table_fingerprints(database=connection.settings_dict["NAME"]) if compare else {}
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        total = sum(table.rows for table in restored.values())
        self.stdout.write(
            f"Restored {dump.name} into {target}: {len(restored)} tables, {total} rows"
        )
        if compare:
            different = sorted(
                name
                for name in restored.keys() | source.keys()
                if restored.get(name) != source.get(name)
            )
            if different:
                raise CommandError(f"Tables differ from the source: {', '.join(different)}")
            self.stdout.write(self.style.SUCCESS("Every table matches the source database."))
