"""Synonyms of the search, a list per tenant; every existing tenant starts with the defaults."""

import django.db.models.deletion
from django.db import migrations, models

from uebergang.offerings.synonyms import DEFAULT_SYNONYMS


def seed(apps, schema_editor):
    Tenant = apps.get_model("tenants", "Tenant")
    SearchSynonym = apps.get_model("offerings", "SearchSynonym")
    SearchSynonym.objects.bulk_create(
        [
            SearchSynonym(tenant=tenant, words=text)
            for tenant in Tenant.objects.all()
            for text in DEFAULT_SYNONYMS
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("offerings", "0008_offering_funder_name_offering_statutory_and_more"),
        ("tenants", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchSynonym",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "words",
                    models.CharField(
                        help_text="Durch Komma getrennt, z. B. „Flüchtling, Geflüchtete, neu zugewandert“.",
                        max_length=500,
                        verbose_name="Gleichbedeutende Begriffe",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "tenant",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="tenants.tenant",
                        verbose_name="Kommune",
                    ),
                ),
            ],
            options={
                "verbose_name": "Synonymgruppe der Suche",
                "verbose_name_plural": "Synonyme der Suche",
                "ordering": ["words", "pk"],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
