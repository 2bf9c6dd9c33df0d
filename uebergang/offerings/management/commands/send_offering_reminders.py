"""`manage.py send_offering_reminders [--tenant slug] [--dry-run]`: remind providers of stale offerings.

One German e-mail per provider organisation, listing its published offerings whose last check is older
than the tenant's review interval, to the organisation's address and its partner members; at most once
per interval. Run it daily from cron or a systemd timer; `--dry-run` prints what it would send.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from uebergang.offerings.actions import send_reminders
from uebergang.tenants.models import Tenant


def default_base_url() -> str:
    """Where the links in the e-mail point: SITE_URL if set, else the first allowed host over HTTPS."""
    site_url = getattr(settings, "SITE_URL", "")
    if site_url:
        return site_url
    host = next(
        (host for host in settings.ALLOWED_HOSTS if host not in ("*", "") and not host.startswith(".")), ""
    )
    return f"https://{host}" if host else "http://localhost:8000"


class Command(BaseCommand):
    help = "Anbieter veralteter Angebote per E-Mail an die Prüfung erinnern."

    def add_arguments(self, parser):
        parser.add_argument("--tenant", help="nur diese Kommune (Kürzel); ohne: alle aktiven Kommunen")
        parser.add_argument("--dry-run", action="store_true", help="nichts senden, nur anzeigen")
        parser.add_argument(
            "--base-url", default="", help="Adresse der Plattform für die Links in der E-Mail"
        )

    def handle(self, *args, **options):
        tenants = Tenant.objects.active()
        if options["tenant"]:
            tenants = tenants.filter(slug=options["tenant"])
            if not tenants.exists():
                raise CommandError(f"Keine aktive Kommune mit dem Kürzel „{options['tenant']}“.")
        base_url = options["base_url"] or default_base_url()
        dry_run = options["dry_run"]
        total = 0
        for tenant in tenants:
            for result in send_reminders(tenant=tenant, base_url=base_url, dry_run=dry_run):
                reminder = result.reminder
                titles = ", ".join(offering.title for offering in reminder.offerings)
                recipients = ", ".join(reminder.recipients) or "–"
                if result.sent:
                    total += 1
                    verb = "gesendet"
                elif not reminder.recipients:
                    verb = "NICHT gesendet (keine E-Mail-Adresse)"
                elif result.error:
                    verb = f"NICHT gesendet ({result.error})"
                else:
                    verb = "würde gesendet"
                self.stdout.write(
                    f"{tenant.slug}: {reminder.organisation.name} – {verb} an {recipients}: {titles}"
                )
        suffix = " (Probelauf, nichts gesendet)" if dry_run else ""
        self.stdout.write(f"{total} Erinnerung(en) gesendet{suffix}.")
