"""Demo practices of the association's library: what Musterkreis and Beispielstadt tell the other members.

Fictional; linked to the municipalities' own offerings by words of their titles. A tenant that already
has a practice is left alone, so a second run changes nothing. Seed data writes no audit events.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from uebergang.association.models import Portrait, Practice
from uebergang.offerings.models import Offering
from uebergang.tenants.models import Tenant

P = Practice.Status.PUBLISHED
PUBLIC, MEMBERS = Practice.Visibility.PUBLIC, Practice.Visibility.MEMBERS

PRACTICES = {
    "musterkreis": [
        {
            "title": "Ausbildungslotsen an jeder Werkrealschule",
            "summary": "Feste Ansprechpersonen zwei Tage pro Woche in den Abschlussklassen.",
            "problem": "Fast jeder dritte Abgang der Werkrealschulen ging 2021 ohne geklärten Anschluss.",
            "approach": "Der Landkreis finanziert Lotsinnen und Lotsen, die zwei feste Tage pro Woche in der "
            "Schule sind, Praktika suchen und bis zum Ausbildungsvertrag begleiten.",
            "partners": "Schulen, Agentur für Arbeit, Kreishandwerkerschaft, Bildungswerk",
            "resources": "2,5 Vollzeitstellen, rund 160.000 € im Jahr aus dem Kreishaushalt",
            "results": "Unbekannter Verbleib an den beteiligten Schulen von 12 % (2021) auf 5 % (2025).",
            "contact": "Koordinierungsstelle Übergang Schule–Beruf, uebergang@musterkreis.example.org",
            "phases": ["orientation", "school_to_training"],
            "target_groups": ["young_people"],
            "topics": ["orientation", "companies"],
            "visibility": PUBLIC,
            "words": ("Ausbildungslotsen",),
        },
        {
            "title": "Verbleibsklärung bis zum 31. Oktober",
            "summary": "Jeder unbekannte Verbleib wird als Fall geklärt, mit Einwilligung und Fallkonferenz.",
            "problem": "Die Schulen meldeten viele Abgänge als „unbekannt“; niemand war zuständig.",
            "approach": "Die Koordinierungsstelle übernimmt die Klärungslisten, ruft an, schreibt, besucht und "
            "leitet mit Einwilligung an Jobcenter, Jugendamt oder Träger über.",
            "partners": "Schulamt, Jobcenter, Jugendamt, Jugendmigrationsdienst",
            "resources": "1 Stelle Fallbearbeitung von Juli bis Oktober",
            "results": "2025: 96 % der gemeldeten unbekannten Verbleibe bis Ende Oktober geklärt.",
            "contact": "uebergang@musterkreis.example.org",
            "phases": ["school_to_training"],
            "target_groups": ["young_people"],
            "topics": ["clearing"],
            "visibility": MEMBERS,
        },
        {
            "title": "Elternabende zur Berufswahl in Klasse 8",
            "summary": "Eltern als wichtigste Berater: ein Abend pro Schule mit Betrieben und Berufsberatung.",
            "problem": "Viele Eltern kennen die duale Ausbildung kaum und raten zum längeren Schulbesuch.",
            "approach": "Ein gemeinsamer Abend je Schule mit Berufsberatung und Azubis aus Betrieben vor Ort.",
            "partners": "Schulen, Agentur für Arbeit, Betriebe der Region",
            "results": "An 18 Schulen, im Schnitt 60 Eltern je Abend.",
            "phases": ["orientation"],
            "target_groups": ["parents"],
            "topics": ["parents", "orientation"],
            "visibility": PUBLIC,
        },
    ],
    "beispielstadt": [
        {
            "title": "Sprachbegleitung für neu Zugewanderte in der Ausbildung",
            "summary": "Ehrenamtliche begleiten Azubis mit Deutsch als Zweitsprache durch die Berufsschule.",
            "problem": "Neu zugewanderte Azubis brechen öfter ab, meist wegen der Berufsschule.",
            "approach": "Tandems aus Ehrenamtlichen und Azubis, wöchentliche Lerntreffen, Kontakt zum Betrieb.",
            "partners": "Freiwilligenagentur, Berufsschulen, IHK",
            "resources": "0,5 Stelle Koordination, 30 Ehrenamtliche",
            "results": "Abbruchquote der begleiteten Azubis 9 % gegenüber 21 % im Vorjahr (kleine Zahlen).",
            "phases": ["training"],
            "target_groups": ["newly_arrived"],
            "topics": ["migration", "volunteers"],
            "visibility": MEMBERS,
        },
        {
            "title": "Monitoring mit den Schulen auf einer Seite",
            "summary": "Ein Verbleibsbericht je Schule, jedes Jahr im Herbst besprochen.",
            "problem": "Zahlen lagen vor, wurden aber in den Schulen nicht genutzt.",
            "approach": "Jede Schule erhält ihre geschützten Zahlen und bespricht sie mit der Koordinierungsstelle.",
            "partners": "Schulen, Staatliches Schulamt",
            "results": "Alle Schulen haben 2025 eine Zielvereinbarung zum Anschluss ihrer Abgänge.",
            "phases": ["school_to_training"],
            "target_groups": ["teachers"],
            "topics": ["steering"],
            "visibility": PUBLIC,
        },
    ],
}


# Each member's portrait in the association (shown); staff only for members.
PORTRAITS = {
    "musterkreis": {
        "coordinating_since": 2008,
        "organisation": "Koordinierungsstelle im Landratsamt (Amt für Schule und Bildung), Geschäftsführung der "
        "Steuerungsgruppe; enge Zusammenarbeit mit der Jugendberufsagentur, drei Regionalgruppen.",
        "staff_fte": Decimal("3.5"),
    },
    "beispielstadt": {
        "coordinating_since": 2012,
        "organisation": "Kommunales Übergangsmanagement im Amt für Bildung der Stadt; Steuerungsgruppe mit "
        "Agentur für Arbeit, Jobcenter und Kreishandwerkerschaft.",
        "staff_fte": Decimal("1.5"),
    },
}


@transaction.atomic
def load() -> None:
    for slug, fields in PORTRAITS.items():
        tenant = Tenant.objects.filter(slug=slug).first()
        if tenant is not None:
            Portrait.objects.get_or_create(tenant=tenant, defaults={**fields, "shown": True})
    for slug, practices in PRACTICES.items():
        tenant = Tenant.objects.filter(slug=slug).first()
        if tenant is None or Practice.objects.for_tenant(tenant).exists():
            continue
        for spec in practices:
            spec = dict(spec)
            words = spec.pop("words", ())
            practice = Practice.objects.create(tenant=tenant, status=P, **spec)
            for word in words:
                practice.offerings.add(
                    *Offering.objects.for_tenant(tenant).filter(title__icontains=word, status="published")[:5]
                )
