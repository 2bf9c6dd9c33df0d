from __future__ import annotations

from django.core.management.base import BaseCommand

from uebergang.demo import (
    association,
    cases,
    foundation,
    legal,
    members,
    monitoring,
    network,
    offerings,
    planning,
    quality,
)


class Command(BaseCommand):
    help = "Loads the fictional Musterkreis demo data (deterministic; running it again changes nothing)."

    def handle(self, *args, **options) -> None:
        foundation.load()
        network.load()
        offerings.load()
        monitoring.load()
        planning.load()
        cases.load()
        quality.load()
        association.load()
        members.load()
        legal.load()
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data loaded: Musterkreis, Beispielstadt, demo accounts, actors, network, offerings "
                "monitoring, steering, cases, quality and six more members of the association."
            )
        )
