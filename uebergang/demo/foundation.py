"""Tenants, regions and one demo account per role. Fictional throughout: Musterkreis and Beispielstadt."""

from __future__ import annotations

from django.db import transaction

from uebergang.accounts import actions
from uebergang.accounts.models import Membership, User
from uebergang.tenants.models import Municipality, Region, Tenant

DEMO_PASSWORD = "uebergang-demo"  # noqa: S105 - documented demo password, demo accounts only

Role = Membership.Role

TENANTS = [
    {
        "slug": "musterkreis",
        "name": "Musterkreis",
        "kind": Tenant.Kind.DISTRICT,
        "land": "BW",
        "population": 312_400,
        "summary": "Ländlich geprägter Landkreis mit der Kreisstadt Musterstadt; Jugendberufsagentur seit 2019, "
        "drei Regionalgruppen und ein Ausbildungslotsen-Programm.",
        "portrait": (
            "Im Musterkreis arbeiten Schulen, Agentur für Arbeit, Jobcenter, Jugendamt, Kammern, Bildungsträger "
            "und Ehrenamtliche seit vielen Jahren in einer Verantwortungsgemeinschaft zusammen.\n\n"
            "Die Koordinierungsstelle im Landratsamt führt die Geschäfte der Steuerungsgruppe, moderiert die "
            "Koordinierungsgruppe und begleitet die Regionalgruppen West, Mitte und Ost. Ziel ist, dass kein "
            "junger Mensch auf dem Weg von der Schule in Ausbildung und Beruf verloren geht."
        ),
        "office_name": "Koordinierungsstelle Übergang Schule–Beruf im Landratsamt Musterkreis",
        "office_address": "Kreishausstraße 1\n12345 Musterstadt",
        "office_email": "koordinierung@musterkreis.example.org",
        "office_phone": "01234 5678-0",
        "office_website": "https://musterkreis.example.org/uebergang",
        "regions": [
            ("West", "Gemeinden entlang des Flusses, mit Gewerbegebiet Westhafen", ["Westhafen", "Flussau"]),
            ("Mitte", "Kreisstadt Musterstadt mit Berufsschulzentrum", ["Musterstadt"]),
            ("Ost", "Ländliche Gemeinden am Mittelgebirge", ["Bergheim", "Tannenbühl", "Kleinwald"]),
        ],
    },
    {
        "slug": "beispielstadt",
        "name": "Beispielstadt",
        "kind": Tenant.Kind.CITY,
        "land": "HE",
        "population": 58_900,
        "summary": "Mittelstadt mit Kommunalem Übergangsmanagement und einer aktiven Bildungspartnerschaft mit dem Handwerk.",
        "portrait": (
            "Das Kommunale Übergangsmanagement Beispielstadt bringt Schulen, Betriebe und Beratungsstellen der "
            "Stadt zusammen. Schwerpunkte sind Berufsorientierung ab Klasse 7 und die Begleitung junger "
            "Neuzugewanderter."
        ),
        "office_name": "Übergangsmanagement Beispielstadt",
        "office_address": "Rathausplatz 3\n54321 Beispielstadt",
        "office_email": "uebergang@beispielstadt.example.org",
        "office_phone": "05432 100-0",
        "office_website": "https://beispielstadt.example.org",
        "regions": [("Nord", "Stadtteile nördlich der Bahn", []), ("Süd", "Innenstadt und Südstadt", [])],
    },
]

USERS = [
    ("coordinator@musterkreis.example.org", "Kim Koordinatorin", [("musterkreis", Role.COORDINATOR)]),
    (
        "partner@musterkreis.example.org",
        "Pat Partner",
        [("musterkreis", Role.PARTNER), ("beispielstadt", Role.PARTNER)],
    ),
    ("case_worker@musterkreis.example.org", "Caro Fallbegleiterin", [("musterkreis", Role.CASE_WORKER)]),
    ("steering@musterkreis.example.org", "Sascha Steuerung", [("musterkreis", Role.STEERING)]),
    ("koordination@beispielstadt.example.org", "Bo Beispiel", [("beispielstadt", Role.COORDINATOR)]),
    ("verbund@example.org", "Vera Verbund", [(None, Role.ASSOCIATION)]),
]


@transaction.atomic
def load() -> None:
    tenants = {}
    for spec in TENANTS:
        fields = {k: v for k, v in spec.items() if k not in {"slug", "regions"}}
        tenant, _ = Tenant.objects.update_or_create(slug=spec["slug"], defaults=fields)
        for position, (name, description, municipalities) in enumerate(spec["regions"]):
            region, _ = Region.objects.update_or_create(
                tenant=tenant, name=name, defaults={"description": description, "position": position}
            )
            for municipality in municipalities:
                Municipality.objects.get_or_create(
                    tenant=tenant, name=municipality, defaults={"region": region}
                )
        tenants[tenant.slug] = tenant

    for email, full_name, roles in USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name, is_demo=True)
        for slug, role in roles:
            tenant = tenants[slug] if slug else None
            if Membership.objects.filter(user=user, tenant=tenant).exists():
                continue
            if tenant is None:
                Membership.objects.create(user=user, tenant=None, role=role)
            else:
                actions.grant_role(request=None, actor=None, tenant=tenant, user=user, role=role)
