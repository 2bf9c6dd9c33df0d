from datetime import date

from django.db import migrations

TOP_LEVEL = [
    ("dual", "Duale Berufsausbildung", "I"),
    ("school_vet", "Schulische Berufsausbildung", "I"),
    ("transition", "Übergangsbereich", "II"),
    ("upper_secondary", "Erwerb der Hochschulreife / weiter zur Schule", "III"),
    ("higher_ed", "Studium", "IV"),
    ("service", "Freiwilligendienst oder Wehrdienst", ""),
    ("work", "Arbeit ohne Ausbildung", ""),
    ("neet", "arbeitslos, nicht in Bildung oder Ausbildung", ""),
    ("other", "anderweitig bekannt", ""),
    ("unknown", "Verbleib unbekannt", ""),
]


def seed(apps, schema_editor):
    CodeListVersion = apps.get_model("monitoring", "CodeListVersion")
    Destination = apps.get_model("monitoring", "Destination")
    version, _ = CodeListVersion.objects.get_or_create(
        version="2026.1", defaults={"published_on": date(2026, 1, 1), "note": "Top-level codes (DESIGN.md)"}
    )
    for code, label, sector in TOP_LEVEL:
        Destination.objects.get_or_create(
            version=version, tenant=None, code=code, defaults={"label": label, "iabe_sector": sector}
        )


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
