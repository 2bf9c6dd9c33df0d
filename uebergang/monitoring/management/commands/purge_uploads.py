"""`manage.py purge_uploads`: delete uploaded leaver files older than 24 hours (they hold pupil ids).

Run it from cron or a systemd timer, e.g. hourly. Imported files are deleted at once anyway; this catches
files left waiting for their mapping or start, and stray files in the imports folder.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from uebergang.monitoring import tasks


class Command(BaseCommand):
    help = "Hochgeladene Dateien der Schulabgänge löschen, die älter als 24 Stunden sind (sie enthalten Schüler-IDs)."

    def handle(self, *args, **options):
        deleted = tasks.purge_uploads()
        self.stdout.write(f"{deleted} Datei(en) gelöscht.")
