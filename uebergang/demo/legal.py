"""Legal pages of the demo: the installation's and Musterkreis' own (fictional bodies and addresses).

Beispielstadt has none of its own, so the demo shows a tenant falling back to the installation's texts.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from uebergang.legal.models import AccessibilityStatement, LegalText
from uebergang.tenants.models import Tenant

INSTALLATION_IMPRINT = """# Anbieter

Verbund Übergang Schule–Beruf e. V. (fiktiv, Demonstration)
Musterallee 10
12345 Musterstadt

E-Mail: kontakt@verbund-uebergang.example.org

## Vertreten durch

den Vorstand des Vereins.

## Verantwortlich für den Inhalt

Für die Seiten einer Kommune ist die jeweilige Kommune verantwortlich; ihr Impressum steht in der
Fußzeile ihrer Seiten.
"""

INSTALLATION_PRIVACY = """# Wer verarbeitet Ihre Daten?

Für die Seiten außerhalb einer Kommune ist der Verbund verantwortlich (siehe Impressum), für die Seiten
einer Kommune die Kommune.

## Was wir speichern

Beim Besuch öffentlicher Seiten speichern wir keine Cookies außer dem für die Sprachwahl und keine
Zugriffsdaten über die technisch nötigen Server-Protokolle hinaus (höchstens 7 Tage).

## Ihre Rechte

Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung und Widerspruch
(Art. 15–21 DSGVO) sowie auf Beschwerde bei der Aufsichtsbehörde für den Datenschutz.
"""

MUSTERKREIS_IMPRINT = """# Anbieter

Landratsamt Musterkreis (fiktiv)
Koordinierungsstelle Übergang Schule–Beruf
Kreishausstraße 1
12345 Musterstadt

Telefon: 01234 5678-0
E-Mail: koordinierung@musterkreis.example.org

## Vertreten durch

die Landrätin / den Landrat des Musterkreises.
"""


@transaction.atomic
def load() -> None:
    if AccessibilityStatement.objects.filter(tenant__isnull=True).exists():
        return
    LegalText.objects.create(tenant=None, kind=LegalText.Kind.IMPRINT, body=INSTALLATION_IMPRINT)
    LegalText.objects.create(tenant=None, kind=LegalText.Kind.PRIVACY, body=INSTALLATION_PRIVACY)
    statement = {
        "conformity": AccessibilityStatement.Conformity.PARTIAL,
        "non_accessible": (
            "- Die Karte der Angebote ist mit der Tastatur nur eingeschränkt bedienbar. Alle Angebote "
            "stehen auch in der Liste darunter, mit Adresse und Entfernung.\n"
            "- Ältere PDF-Dokumente, die Partner hochgeladen haben, sind nicht durchgehend getaggt."
        ),
        "prepared_on": datetime.date(2026, 11, 30),
        "method": AccessibilityStatement.Method.SELF,
        "enforcement_body": "Schlichtungsstelle nach § 16 BGG beim Beauftragten der Bundesregierung für "
        "die Belange von Menschen mit Behinderungen",
        "enforcement_url": "https://www.schlichtungsstelle-bgg.de",
    }
    AccessibilityStatement.objects.create(
        tenant=None, feedback_email="barrierefrei@verbund-uebergang.example.org", **statement
    )
    musterkreis = Tenant.objects.filter(slug="musterkreis").first()
    if musterkreis is None:
        return
    LegalText.objects.create(tenant=musterkreis, kind=LegalText.Kind.IMPRINT, body=MUSTERKREIS_IMPRINT)
    AccessibilityStatement.objects.create(
        tenant=musterkreis,
        feedback_email="barrierefrei@musterkreis.example.org",
        feedback_phone="01234 5678-0",
        feedback_address="Landratsamt Musterkreis\nKreishausstraße 1\n12345 Musterstadt",
        **statement,
    )
