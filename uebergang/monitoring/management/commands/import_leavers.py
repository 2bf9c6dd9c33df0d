"""`manage.py import_leavers --tenant <slug> FILE`: import school leavers (or counts) from CSV or XLSX.

Uses the saved column and value mapping of the source (`--source`); prints a progress line and the
report. Exit code 1 with the report when the file is refused (nothing is written then).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from uebergang.monitoring.imports import Report, import_file
from uebergang.monitoring.models import ImportBatch
from uebergang.tenants.models import Tenant


class Command(BaseCommand):
    help = "Schulabgänger/innen oder Fallzahlen aus einer CSV- oder XLSX-Datei importieren."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV- oder XLSX-Datei")
        parser.add_argument("--tenant", required=True, help="Kürzel der Kommune (slug)")
        parser.add_argument("--source", default="Kommandozeile", help="Quelle, deren Zuordnung gilt")
        parser.add_argument("--kind", choices=ImportBatch.Kind.values, default=ImportBatch.Kind.LEAVERS)
        parser.add_argument("--only-valid", action="store_true", help="fehlerhafte Zeilen überspringen")

    def handle(self, *args, **options):
        try:
            tenant = Tenant.objects.get(slug=options["tenant"])
        except Tenant.DoesNotExist:
            raise CommandError(f"Keine Kommune mit dem Kürzel „{options['tenant']}“.") from None
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Die Datei {path} gibt es nicht.")

        def progress(rows: int) -> None:
            self.stdout.write(f"\r{rows:>12,} Zeilen verarbeitet".replace(",", "."), ending="")
            self.stdout.flush()

        batch = import_file(
            tenant=tenant,
            path=path,
            source=options["source"],
            kind=options["kind"],
            on_progress=progress,
            only_valid=options["only_valid"],
        )
        self.stdout.write("")
        report = Report.of(batch)
        text = self.report_text(batch, report)
        if batch.status != ImportBatch.Status.DONE:
            raise CommandError(text, returncode=1)
        self.stdout.write(text)

    def report_text(self, batch: ImportBatch, report: Report) -> str:
        lines = []
        if batch.status == ImportBatch.Status.DONE:
            lines.append(
                f"Fertig: {batch.imported_rows} importiert, {batch.replaced_rows} ersetzt, "
                f"{report.invalid_rows} fehlerhafte Zeilen übersprungen (Import {batch.pk})."
            )
        else:
            lines.append(f"Nichts importiert (Import {batch.pk}).")
        if report.file_problem:
            lines.append(report.file_problem)
        if report.missing:
            lines.append("Spalten fehlen: " + ", ".join(report.missing))
        for group, values in report.unmapped.items():
            lines.append(f"Nicht zugeordnete Werte ({group}): " + ", ".join(values))
        if report.problems:
            lines.append(f"{report.invalid_rows} fehlerhafte Zeilen, {report.problem_count} Fehler:")
            lines.extend(
                f"  Zeile {p['row']}, Spalte „{p['column']}“, Wert „{p['value']}“: {p['reason']}"
                for p in report.problems
            )
        return "\n".join(lines)
