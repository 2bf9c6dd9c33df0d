"""`manage.py backup FILE`: the whole database in one file (pg_dump custom format or an SQLite copy)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from uebergang.operations import backup


class Command(BaseCommand):
    help = (
        "Writes a complete backup of the database to FILE (PostgreSQL: pg_dump custom format; "
        "SQLite: online backup). Runs while the app is in use; an existing FILE is kept unless --force."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="the backup file to write")
        parser.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
        parser.add_argument("--database", default="default", help="database alias (default: default)")

    def handle(self, *args, **options) -> None:
        target: Path = options["file"]
        try:
            size = backup.backup(target, force=options["force"], alias=options["database"])
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Sicherung der {backup.database_label(options['database'])} geschrieben: {target} "
                f"({size / 1_000_000:.1f} MB)."
            )
        )
