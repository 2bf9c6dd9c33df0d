"""Funding source apart from the legal basis, with every stored offering and version kept meaningful.

- A former funding-like Rechtskreis (Landesprogramm, kommunal, Bund/ESF, Stiftung) becomes the funding
  source (Land, Kommune, ESF Plus, Stiftung); the Rechtskreis is then read from the legal basis
  ("§ 13 SGB VIII" → SGB VIII) or left open.
- An offering without a funding source gets one from its funder's name ("Agentur für Arbeit" →
  Bundesagentur/Jobcenter) or, in SGB II/III, the Bundesagentur/Jobcenter.
- A funder name that only repeats the funding source ("Land") is dropped; a real name stays.
- Careers guidance and the other standing services of the Agentur für Arbeit (§§ 29–35, 54a, 56
  SGB III) are marked statutory: they have no funding end.
- Kept versions (`OfferingVersion.data`) get the same treatment, so a pending change still applies.
"""

import re

from django.db import migrations, models

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
FORMER_FUNDING_SPHERES = {
    "state": "state",
    "municipal": "municipal",
    "federal_esf": "esf_plus",
    "foundation": "foundation",
}

# First match wins: the funder's name → its funding source.
FUNDER_PATTERNS = [
    (re.compile(r"\besf\b|europ", re.I), "esf_plus"),
    (
        re.compile(r"agentur für arbeit|arbeitsagentur|bundesagentur|jobcenter|\bba\b", re.I),
        "employment_agency",
    ),
    (re.compile(r"stiftung", re.I), "foundation"),
    (re.compile(r"\bihk\b|\bhwk\b|kammer|handwerk|unternehmen|wirtschaft|arbeitgeber", re.I), "business"),
    (re.compile(r"\bbund\b|bundesminist|bmbf|bmas|bmfsfj|bibb", re.I), "federal"),
    (re.compile(r"\bland\b|landes|minister|kultus|regierungspräsidium", re.I), "state"),
    (re.compile(r"kommun|stadt|kreis|gemeinde|jugendamt|städtisch", re.I), "municipal"),
    (re.compile(r"eigenmittel|eigene mittel|spende|verein", re.I), "own_funds"),
]
GENERIC_FUNDER_NAMES = {label.casefold() for _code, label in FUNDING} | {
    "land",
    "bund",
    "kommune",
    "kommunal",
    "landesprogramm",
    "bund/esf",
    "esf",
    "stiftung",
    "eigenmittel",
}
SPHERE_PATTERNS = [
    (re.compile(r"SGB\s*(IX|9)\b", re.I), "sgb9"),
    (re.compile(r"SGB\s*(VIII|8)\b", re.I), "sgb8"),
    (re.compile(r"SGB\s*(III|3)\b", re.I), "sgb3"),
    (re.compile(r"SGB\s*(II|2)\b", re.I), "sgb2"),
    (re.compile(r"AufenthG|Aufenthaltsgesetz|IntV", re.I), "aufenthg"),
    (re.compile(r"Schul(gesetz|G)\b|SchG\b|Schulrecht", re.I), "school"),
]
STATUTORY = re.compile(r"§\s*(29|30|31|33|35|54a|56)\b[^§]*SGB\s*(III|3)\b", re.I)


def _converted(values: dict) -> dict:
    """The new field values for an offering's (or a version's) old ones."""
    sphere = values.get("legal_sphere") or ""
    basis = values.get("legal_basis") or ""
    funder = (values.get("funder_name") or "").strip()
    source = ""
    if sphere in FORMER_FUNDING_SPHERES:
        source = FORMER_FUNDING_SPHERES[sphere]
        sphere = next((code for pattern, code in SPHERE_PATTERNS if pattern.search(basis)), "")
    if not source and funder:
        source = next((code for pattern, code in FUNDER_PATTERNS if pattern.search(funder)), "")
    if not source and sphere in ("sgb2", "sgb3"):
        source = "employment_agency"
    if funder.casefold() in GENERIC_FUNDER_NAMES:
        funder = ""
    return {
        "legal_sphere": sphere,
        "funding_source": source,
        "funder_name": funder,
        "statutory": bool(values.get("statutory")) or bool(STATUTORY.search(basis)),
    }


def forwards(apps, schema_editor):
    Offering = apps.get_model("offerings", "Offering")
    OfferingVersion = apps.get_model("offerings", "OfferingVersion")
    fields = ["legal_sphere", "legal_basis", "funder_name", "statutory"]
    for offering in Offering.objects.only("pk", *fields).iterator(chunk_size=500):
        new = _converted({name: getattr(offering, name) for name in fields})
        for name, value in new.items():
            setattr(offering, name, value)
        offering.save(update_fields=list(new))
    for version in OfferingVersion.objects.only("pk", "data").iterator(chunk_size=500):
        data = dict(version.data)
        if "funding_source" in data and "funder_name" not in data:
            data["funder_name"] = data.pop("funding_source")
        data.update(_converted(data))
        version.data = data
        version.save(update_fields=["data"])


def backwards(apps, schema_editor):
    """Only the renamed key of kept versions goes back; the Rechtskreis values stay as they are."""
    OfferingVersion = apps.get_model("offerings", "OfferingVersion")
    for version in OfferingVersion.objects.only("pk", "data").iterator(chunk_size=500):
        data = dict(version.data)
        data.pop("funding_source", None)
        data.pop("statutory", None)
        data["funding_source"] = data.pop("funder_name", "")
        version.data = data
        version.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("offerings", "0007_alter_offering_legal_sphere"),
    ]

    operations = [
        migrations.AddField(
            model_name="offering",
            name="funding_source",
            field=models.CharField(
                blank=True, choices=FUNDING, help_text="Wer zahlt", max_length=20, verbose_name="Mittelgeber"
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
