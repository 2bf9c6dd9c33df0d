"""Rechtskreis is the legal basis only; who pays moves to the new `funding_sources` of an actor.

The former funding-like Rechtskreis codes of actors ("Landesprogramm", "kommunal", "Bund/ESF",
"Stiftung") become their funding sources (Land, Kommune, ESF Plus, Stiftung); SGB IX, AufenthG and
"none" join the legal spheres; the Jugendberufsagentur gets its own kind of organisation.
"""

from django.db import migrations, models

import uebergang.lib.codeset

FUNDING = [
    ("federal", "Bund"),
    ("state", "Land"),
    ("municipal", "Kommune"),
    ("esf_plus", "ESF Plus"),
    ("employment_agency", "Bundesagentur/Jobcenter"),
    ("foundation", "Stiftung"),
    ("business", "Wirtschaft/Kammer"),
    ("own_funds", "Eigenmittel"),
]
SPHERES = [
    ("sgb2", "SGB II (Grundsicherung/Jobcenter)"),
    ("sgb3", "SGB III (Arbeitsförderung)"),
    ("sgb8", "SGB VIII (Kinder- und Jugendhilfe)"),
    ("sgb9", "SGB IX (Rehabilitation und Teilhabe)"),
    ("school", "Schulrecht (Land)"),
    ("aufenthg", "AufenthG (Integrationskurse)"),
    ("none", "ohne gesetzliche Grundlage"),
]
FORMER_FUNDING_SPHERES = {
    "state": "state",
    "municipal": "municipal",
    "federal_esf": "esf_plus",
    "foundation": "foundation",
}


def spheres_to_funding(apps, schema_editor):
    Organisation = apps.get_model("network", "Organisation")
    OrganisationLegalSphere = apps.get_model("network", "OrganisationLegalSphere")
    links = OrganisationLegalSphere.objects.filter(code__in=list(FORMER_FUNDING_SPHERES))
    moved: dict[int, set[str]] = {}
    for organisation_id, code in links.values_list("organisation_id", "code"):
        moved.setdefault(organisation_id, set()).add(FORMER_FUNDING_SPHERES[code])
    for organisation in Organisation.objects.filter(pk__in=list(moved)):
        organisation.funding_sources = frozenset(organisation.funding_sources) | moved[organisation.pk]
        organisation.save(update_fields=["funding_sources"])
    links.delete()


def alliances_get_their_kind(apps, schema_editor):
    """Jugendberufsagenturen filed as "Sonstige" before they had a kind of their own."""
    Organisation = apps.get_model("network", "Organisation")
    Organisation.objects.filter(kind="other", name__icontains="jugendberufsagentur").update(
        kind="youth_employment_agency"
    )


def funding_to_spheres(apps, schema_editor):
    Organisation = apps.get_model("network", "Organisation")
    OrganisationLegalSphere = apps.get_model("network", "OrganisationLegalSphere")
    back = {source: code for code, source in FORMER_FUNDING_SPHERES.items()}
    for organisation in Organisation.objects.exclude(funding_sources=frozenset()):
        for source in organisation.funding_sources:
            if source in back:
                OrganisationLegalSphere.objects.get_or_create(organisation=organisation, code=back[source])


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0002_organisation_hsds_id"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="funding_sources",
            field=uebergang.lib.codeset.CodeSetField(
                blank=True,
                choices=FUNDING,
                help_text="Wer die Arbeit des Akteurs finanziert (nicht der Rechtskreis).",
                verbose_name="Mittelgeber",
            ),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="kind",
            field=models.CharField(
                choices=[
                    ("school", "Schule"),
                    ("employment_agency", "Agentur für Arbeit"),
                    ("jobcenter", "Jobcenter"),
                    ("youth_office", "Jugendamt"),
                    ("school_authority", "Staatliches Schulamt"),
                    ("ihk", "IHK"),
                    ("hwk", "HWK"),
                    ("crafts_guild", "Kreishandwerkerschaft"),
                    ("training_provider", "Bildungsträger"),
                    ("youth_vocational_aid", "Jugendberufshilfe"),
                    ("youth_employment_agency", "Jugendberufsagentur"),
                    ("welfare", "Wohlfahrtsverband"),
                    ("foundation", "Stiftung"),
                    ("company", "Unternehmen"),
                    ("volunteer", "Verein/Ehrenamt"),
                    ("municipal_admin", "Kommunalverwaltung"),
                    ("other", "Sonstige"),
                ],
                max_length=30,
                verbose_name="Art",
            ),
        ),
        migrations.RunPython(spheres_to_funding, funding_to_spheres),
        migrations.RunPython(alliances_get_their_kind, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="organisationlegalsphere",
            name="code",
            field=models.CharField(choices=SPHERES, max_length=20, verbose_name="Rechtskreis"),
        ),
    ]
