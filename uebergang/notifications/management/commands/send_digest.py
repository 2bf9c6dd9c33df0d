"""`manage.py send_digest`: the daily summary for everyone who chose it (run by the daily timer)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from uebergang.notifications.send import send_digest


class Command(BaseCommand):
    help = "Sends the daily digest of notifications to everyone who chose it."

    def handle(self, *args, **options) -> None:
        sent = send_digest()
        self.stdout.write(f"{sent} Zusammenfassungen gesendet.")
