"""`manage.py audit_suppression --tenant SLUG [--year YYYY]`: prove that no hidden figure can be worked out.

Collects what each role (coordinator, steering member, partner of a school, the association) can fetch
for each cohort and computes by linear programming how far every hidden cell can move (see
uebergang.monitoring.audit). Prints one line per role and cohort; fails (exit code 1) naming every
cell that a reader could narrow below the threshold and the outputs that pin it.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from uebergang.monitoring.audit import audit
from uebergang.tenants.models import Tenant


class Command(BaseCommand):
    help = (
        "Prüft die Geheimhaltung kleiner Zahlen einer Kommune: was jede Rolle abrufen kann, und wie eng "
        "sich jede verdeckte Zahl daraus eingrenzen lässt (lineare Optimierung). Fehlschlag mit den "
        "betroffenen Feldern und den Ausgaben, die sie festlegen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tenant", required=True, help="Kürzel der Kommune")
        parser.add_argument("--year", type=int, help="nur dieses Abgangsjahr")

    def handle(self, *args, tenant: str, year: int | None, **options):
        found = Tenant.objects.filter(slug=tenant).first()
        if found is None:
            raise CommandError(f"Keine Kommune mit dem Kürzel „{tenant}“.")
        reports = audit(found, year=year)
        if not reports:
            self.stdout.write("Keine Zahlen zu prüfen.")
            return
        findings = []
        for report in reports:
            self.stdout.write(
                f"{report.role:<12} {report.year}: {report.outputs} Ausgaben, {report.shown} gezeigte und "
                f"{report.hidden} verdeckte Felder, Schwelle {report.threshold}: "
                + ("in Ordnung" if not report.findings else f"{len(report.findings)} Befunde")
            )
            findings += report.findings
        if findings:
            for finding in findings:
                self.stderr.write(str(finding))
            raise CommandError(f"Geheimhaltung verletzt: {len(findings)} Befunde.")
        self.stdout.write(
            self.style.SUCCESS("Keine verdeckte Zahl lässt sich enger als die Schwelle eingrenzen.")
        )
