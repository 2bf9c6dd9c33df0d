"""`manage.py import_leavers --tenant <slug> FILE`: check, preview and import school leavers (or counts).

The command does what the upload page does, in the same order: it checks the file (nothing is written),
prints what was read (sheet, rows, every column and what it becomes, skipped rows), the problems
summarised per column and reason, and the preview with its warnings; then it imports — or refuses,
naming what is missing and the option that supplies it. Exit code 1 when nothing was imported.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from uebergang.monitoring.imports import (
    FIELD_LABELS,
    GROUP_LABELS,
    Report,
    UnreadableFile,
    import_file,
    mapping_file,
    preview,
)
from uebergang.monitoring.imports import columns as column_plan
from uebergang.monitoring.imports.report import OPEN
from uebergang.monitoring.models import ImportBatch
from uebergang.tenants.models import Tenant

HELP = """Schulabgänger/innen oder Fallzahlen aus einer CSV- oder XLSX-Datei prüfen und importieren.

Zuerst wird die Datei geprüft (es wird nichts gespeichert) und eine Vorschau gezeigt: Zeilen je Verbleib
und je Schule neben den gespeicherten Zahlen, mit Warnungen. Abgelehnt wird mit Angabe der Option, die
hilft, wenn
  - eine Pflichtspalte fehlt (Schüler-ID, Schule oder Schulnummer, Abgangsjahr, Abschluss,
    Anschluss/Verbleib): --mapping DATEI ordnet Spalten zu; hat die Datei keinen Verbleib: --not-collected;
  - eine Spalte nicht übernommen würde oder nur ein Vorschlag ist: --mapping DATEI (Titel → Feld,
    "" für „nicht übernehmen“);
  - Werte keinem Code zugeordnet sind: --mapping DATEI ("values");
  - die Arbeitsmappe mehrere Tabellenblätter mit Kopfzeile hat: --sheet NAME;
  - die Vorschau warnt: --accept-warnings.
Die Zuordnungsdatei ist das JSON, das die Zuordnungsseite speichert und zum Herunterladen anbietet."""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name, subcommand, **kwargs):
        from argparse import RawDescriptionHelpFormatter

        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV- oder XLSX-Datei")
        parser.add_argument("--tenant", required=True, help="Kürzel der Kommune (slug)")
        parser.add_argument(
            "--source", default="Kommandozeile", help="Quelle, deren gespeicherte Zuordnung gilt"
        )
        parser.add_argument("--kind", choices=ImportBatch.Kind.values, default=ImportBatch.Kind.LEAVERS)
        parser.add_argument(
            "--mapping",
            metavar="DATEI",
            help="Zuordnung als JSON (statt der gespeicherten Zuordnung der Quelle)",
        )
        parser.add_argument("--sheet", metavar="NAME", default="", help="Tabellenblatt einer Arbeitsmappe")
        parser.add_argument(
            "--not-collected",
            action="store_true",
            help="die Datei hat keinen Verbleib: jede Zeile als „Verbleib noch nicht erhoben“ speichern",
        )
        parser.add_argument("--dry-run", action="store_true", help="nur prüfen und die Vorschau zeigen")
        parser.add_argument("--only-valid", action="store_true", help="fehlerhafte Zeilen überspringen")
        parser.add_argument(
            "--accept-warnings", action="store_true", help="trotz Warnungen der Vorschau importieren"
        )

    def handle(self, *args, **options):
        try:
            tenant = Tenant.objects.get(slug=options["tenant"])
        except Tenant.DoesNotExist:
            raise CommandError(f"Keine Kommune mit dem Kürzel „{options['tenant']}“.") from None
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Die Datei {path} gibt es nicht.")
        kind, source = options["kind"], options["source"]
        mapping = None
        if options["mapping"]:
            try:
                mapping = mapping_file.read(options["mapping"], tenant=tenant, source=source, kind=kind)
            except UnreadableFile as error:
                raise CommandError(str(error)) from None

        checked = import_file(
            tenant=tenant,
            path=path,
            source=source,
            kind=kind,
            mapping=mapping,
            on_progress=self.progress,
            dry_run=True,
            sheet=options["sheet"],
            not_collected=options["not_collected"],
        )
        self.stdout.write("")
        report = Report.of(checked)
        self.stdout.write("\n".join([*self.read_lines(report), *preview.lines(report.preview)]))
        refusal = self.refusal(checked, report, options)
        if refusal:
            self.close(checked, report, refusal)
            raise CommandError("\n".join([*self.problem_lines(report), refusal]), returncode=1)
        self.stdout.write("\n".join(self.problem_lines(report)))
        if options["dry_run"]:
            self.close(checked, report, "Nur geprüft (--dry-run); es wurde nichts importiert.")
            self.stdout.write("Nur geprüft (--dry-run); es wurde nichts importiert.")
            return
        batch = import_file(
            tenant=tenant,
            path=path,
            source=source,
            kind=kind,
            mapping=mapping,
            batch=checked,
            on_progress=self.progress,
            only_valid=options["only_valid"],
        )
        self.stdout.write("")
        report = Report.of(batch)
        if batch.status != ImportBatch.Status.DONE:
            lines = [f"Nichts importiert (Import {batch.pk})."]
            if report.file_problem:
                lines.append(report.file_problem)
            raise CommandError("\n".join([*lines, *self.problem_lines(report)]), returncode=1)
        self.stdout.write(
            f"Fertig: {batch.imported_rows} importiert, {batch.replaced_rows} ersetzt, "
            f"{report.invalid_rows} fehlerhafte Zeilen übersprungen (Import {batch.pk})."
        )

    def progress(self, rows: int) -> None:
        self.stdout.write(f"\r{rows:>12,} Zeilen verarbeitet".replace(",", "."), ending="")
        self.stdout.flush()

    @staticmethod
    def close(batch: ImportBatch, report: Report, why: str) -> None:
        """A check that ends here leaves no batch waiting for a start that cannot come (there is no file)."""
        report.file_problem = report.file_problem or why
        batch.status = ImportBatch.Status.FAILED
        batch.report = report.as_json()
        batch.save(update_fields=["status", "report"])

    @staticmethod
    def read_lines(report: Report) -> list[str]:
        lines = []
        if report.sheet:
            lines.append(f"Tabellenblatt „{report.sheet}“.")
        if report.total_rows:
            lines.append(
                f"{report.total_rows} Zeilen gelesen: {report.valid_rows} gültig, {report.invalid_rows} fehlerhaft."
            )
        if report.columns:
            lines.append("Spalten:")
            lines.extend(
                f"  „{column['title'] or '(ohne Titel)'}“ {column_plan.reason(column)}"
                for column in report.columns
            )
        if report.not_collected:
            lines.append("Der Verbleib wird als „noch nicht erhoben“ gespeichert (--not-collected).")
        if report.skipped:
            lines.append(f"{len(report.skipped)} Zeilen nicht gelesen:")
            lines.extend(f"  Zeile {row['row']}: {row['reason']}" for row in report.skipped)
        return lines

    @staticmethod
    def refusal(batch: ImportBatch, report: Report, options: dict) -> str:
        """Why the file cannot be imported as it stands, with the option that helps ("" if it can)."""
        if report.file_problem:
            return f"Nichts importiert (Import {batch.pk}). {report.file_problem}"
        if report.sheets:
            return (
                "Die Arbeitsmappe hat mehrere Tabellenblätter mit Kopfzeile: "
                + ", ".join(f"„{name}“" for name in report.sheet_candidates or report.sheets)
                + ". Wählen Sie eins mit --sheet NAME."
            )
        reasons = []
        if report.missing:
            fields = ", ".join(f"„{FIELD_LABELS[name]}“" for name in report.missing)
            titles = ", ".join(f"„{column['title']}“" for column in report.columns if column["title"])
            reasons.append(
                f"Ohne Spalte: {fields}. Die Datei hat die Spalten {titles}. "
                'Ordnen Sie sie mit --mapping DATEI zu (JSON: {"columns": {"Spaltentitel": "Feld"}}).'
            )
            if "actual" in report.missing and batch.kind == ImportBatch.Kind.LEAVERS:
                reasons.append("Hat die Datei keinen Verbleib: --not-collected.")
        open_columns = [column for column in report.columns if column.get("status") in OPEN]
        if open_columns:
            reasons.append(
                "Nicht übernommen würden: "
                + "; ".join(f"„{column['title']}“ ({column_plan.reason(column)})" for column in open_columns)
                + '. Bestätigen Sie mit --mapping DATEI, was aus ihnen wird ("" für „nicht übernehmen“).'
            )
        for group, values in report.unmapped.items():
            reasons.append(
                f"Werte ohne Code für „{GROUP_LABELS[group]}“: "
                + ", ".join(f"„{value}“" for value in values)
                + f'. Ordnen Sie sie mit --mapping DATEI zu ("values": {{"{group}": {{"Wert": "Code"}}}}).'
            )
        if not reasons and report.invalid_rows and not options["only_valid"] and not options["dry_run"]:
            reasons.append(
                f"{_rows(report.invalid_rows)} fehlerhaft (siehe oben). Korrigieren Sie sie, oder importieren Sie "
                "nur die gültigen Zeilen: --only-valid."
            )
        if not reasons and report.warnings and not options["dry_run"] and not options["accept_warnings"]:
            reasons.extend(f"Warnung: {text}" for text in report.warnings)
            reasons.append(
                "Prüfen Sie die Vorschau (--dry-run); importieren trotz Warnungen: --accept-warnings."
            )
        if not reasons:
            return ""
        return "\n".join([f"Nichts importiert (Import {batch.pk}).", *reasons])

    @staticmethod
    def problem_lines(report: Report) -> list[str]:
        """The problems, one line per column and reason: how many rows, which values, the first rows."""
        if not report.groups:
            return []
        lines = [f"{_rows(report.invalid_rows)} fehlerhaft, {report.problem_count} Fehler:"]
        for group in report.groups:
            values = ", ".join(f"„{value}“ {count}×" for value, count in group["values"].items())
            rows = ", ".join(str(row) for row in group["rows"])
            more = " …" if group["count"] > len(group["rows"]) else ""
            lines.append(
                f"  Spalte „{group['column']}“: {_rows(group['count'])} – {group['reason']}"
                + (f" Werte: {values}." if values else "")
                + f" (z. B. Zeilen {rows}{more})"
            )
        return lines


def _rows(count: int) -> str:
    return f"{count} Zeile" if count == 1 else f"{count} Zeilen"
