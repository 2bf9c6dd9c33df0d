"""`manage.py purge_cases`: the retention job, run daily by a systemd timer or cron."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from uebergang.cases.retention import purge


class Command(BaseCommand):
    help = "Anonymises closed cases after each municipality's retention period and prints a deletion report (counts)."

    def handle(self, *args, **options) -> None:
        for report in purge():
            self.stdout.write(
                f"{report.tenant}: anonymisierte Fälle {report.cases_anonymised}; gelöscht: "
                f"Kontakte {report.contacts_deleted}, Einwilligungen {report.consents_deleted}, "
                f"Rechtsgrundlagen {report.legal_bases_deleted}, Überleitungen {report.referrals_deleted}, "
                f"Fallkonferenzen {report.conferences_deleted}"
            )
