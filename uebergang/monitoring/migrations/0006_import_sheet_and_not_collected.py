"""The sheet a batch reads and whether its destination was not collected yet; the code for that."""

from datetime import date

from django.db import migrations, models


def seed_not_collected(apps, schema_editor):
    CodeListVersion = apps.get_model("monitoring", "CodeListVersion")
    Destination = apps.get_model("monitoring", "Destination")
    version, _ = CodeListVersion.objects.get_or_create(
        version="2026.1", defaults={"published_on": date(2026, 1, 1), "note": "Top-level codes (DESIGN.md)"}
    )
    Destination.objects.get_or_create(
        version=version,
        tenant=None,
        code="not_collected",
        defaults={"label": "Verbleib noch nicht erhoben", "iabe_sector": ""},
    )


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0005_counts_with_plain_references")]

    operations = [
        migrations.AddField(
            model_name="importbatch",
            name="not_collected",
            field=models.BooleanField(
                default=False,
                help_text="Die Datei hat keine Verbleibsspalte; jede Zeile wird als „noch nicht erhoben“ gespeichert.",
                verbose_name="Verbleib noch nicht erhoben",
            ),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="sheet",
            field=models.CharField(blank=True, max_length=100, verbose_name="Tabellenblatt"),
        ),
        migrations.RunPython(seed_not_collected, migrations.RunPython.noop),
    ]
