"""`manage.py restore FILE`: replaces the whole database by a backup from `manage.py backup`.

App and task worker must be stopped first: the restore replaces every table, and a process still
writing would either block it or see its rows vanish.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from uebergang.operations import backup


class Command(BaseCommand):
    help = (
        "Replaces the whole database by the backup in FILE (written by `manage.py backup`). "
        "Stop the app and the task worker first. Asks for confirmation unless --noinput."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="the backup file to restore")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )
        parser.add_argument("--database", default="default", help="database alias (default: default)")

    def handle(self, *args, **options) -> None:
        source: Path = options["file"]
        alias = options["database"]
        try:
            backup.check(source, alias=alias)
            if options["interactive"] and not self._confirmed(source, alias):
                self.stdout.write("Abgebrochen; die Datenbank ist unverändert.")
                return
            backup.restore(source, alias=alias)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(f"{backup.database_label(alias)} aus {source} wiederhergestellt.")
        )

    def _confirmed(self, source: Path, alias: str) -> bool:
        answer = input(
            f"Die {backup.database_label(alias)} wird vollständig durch den Stand aus {source} ersetzt; "
            "alle späteren Änderungen gehen verloren. App und Worker müssen gestoppt sein.\n"
            "Zum Fortfahren „ja“ eingeben: "
        )
        return answer.strip().lower() in {"ja", "yes"}
