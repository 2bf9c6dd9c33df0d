"""`manage.py quality_reminders [--tenant slug]`: remind of reviews and partner reports due (run daily)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from uebergang.quality.reminders import send_reminders
from uebergang.tenants.models import Tenant


class Command(BaseCommand):
    help = "An fällige Überprüfungen und Berichte der Träger erinnern."

    def add_arguments(self, parser):
        parser.add_argument("--tenant", help="nur diese Kommune (Kürzel); ohne: alle aktiven Kommunen")

    def handle(self, *args, **options):
        tenants = Tenant.objects.active()
        if options["tenant"]:
            tenants = tenants.filter(slug=options["tenant"])
            if not tenants.exists():
                raise CommandError(f"Keine aktive Kommune mit dem Kürzel „{options['tenant']}“.")
        total = 0
        for tenant in tenants:
            for item in send_reminders(tenant):
                total += 1
                self.stdout.write(f"{tenant.slug}: {item.what} – {item.recipients} Empfänger/innen")
        self.stdout.write(f"{total} Erinnerungen.")
