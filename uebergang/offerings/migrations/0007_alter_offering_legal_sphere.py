"""The free-text "Förderer" becomes `funder_name`, making room for the funding source as a vocabulary
(0008); statutory services get their flag; the Rechtskreis list becomes the legal bases only."""

from django.db import migrations, models

SPHERES_DURING_MOVE = [
    ("sgb2", "SGB II (Grundsicherung/Jobcenter)"),
    ("sgb3", "SGB III (Arbeitsförderung)"),
    ("sgb8", "SGB VIII (Kinder- und Jugendhilfe)"),
    ("sgb9", "SGB IX (Rehabilitation und Teilhabe)"),
    ("school", "Schulrecht (Land)"),
    ("aufenthg", "AufenthG (Integrationskurse)"),
    ("none", "ohne gesetzliche Grundlage"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("offerings", "0006_drop_unused_search_indexes"),
    ]

    operations = [
        migrations.RenameField(model_name="offering", old_name="funding_source", new_name="funder_name"),
        migrations.AlterField(
            model_name="offering",
            name="funder_name",
            field=models.CharField(
                blank=True,
                help_text="z. B. Ministerium für Soziales, Bürgerstiftung",
                max_length=200,
                verbose_name="Förderer",
            ),
        ),
        migrations.AddField(
            model_name="offering",
            name="statutory",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Leistung mit Rechtsanspruch oder Regelauftrag (z. B. Berufsberatung § 29 SGB III): "
                    "unbefristet finanziert, erscheint nie als auslaufende Förderung."
                ),
                verbose_name="gesetzliche Regelleistung",
            ),
        ),
        migrations.AlterField(
            model_name="offering",
            name="legal_sphere",
            field=models.CharField(
                blank=True, choices=SPHERES_DURING_MOVE, max_length=20, verbose_name="Rechtskreis"
            ),
        ),
    ]
