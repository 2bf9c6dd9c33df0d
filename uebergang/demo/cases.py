"""Demo cases for Musterkreis: a real queue for the demo case worker, with cases in every state.

Fictional throughout: invented names, e-mail addresses under example.org only, phone numbers from
the 0151 000 range. Generated from a seeded random number generator; dates count from `today`, so the
queue always has cases due soon and some overdue. A tenant that already has cases is left alone, so
a second run changes nothing. Referrals go to offerings of the organisation the demo partner acts for,
so the demo partner's inbox has them. Clearing-list cases carry pseudonyms of the latest monitoring
cohort's "unknown" leavers; the cleared ones are recorded as clarifications there (with their audit
rows, as in real use). One case has a case conference with the demo partner and agreed steps.
"""

from __future__ import annotations

import contextlib
import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from uebergang.accounts.models import Membership, User
from uebergang.cases.actions import pupil_pseudonym
from uebergang.cases.models import (
    Case,
    CaseConference,
    CaseSettings,
    CaseTeam,
    Consent,
    ContactAttempt,
    DataCategory,
    LegalBasis,
    Purpose,
    Referral,
)
from uebergang.monitoring import clarifications
from uebergang.monitoring.codes import codes_for
from uebergang.monitoring.models import Leaver
from uebergang.network.models import Organisation, Task
from uebergang.offerings.models import Offering
from uebergang.tenants.models import Region, Tenant

SEED = "uebergang-demo-cases"
LOCAL = ZoneInfo("Europe/Berlin")
CASE_WORKER_EMAIL = "case_worker@musterkreis.example.org"
PARTNER_EMAIL = "partner@musterkreis.example.org"
FIRST_NAMES = [
    "Lena",
    "Jonas",
    "Mila",
    "Elias",
    "Sofia",
    "Noah",
    "Emilia",
    "Luca",
    "Hanna",
    "Finn",
    "Lina",
    "Ben",
]
LAST_NAMES = [
    "Ackermann",
    "Brandt",
    "Cordes",
    "Dietz",
    "Engel",
    "Franke",
    "Gerber",
    "Hahn",
    "Imhof",
    "Jansen",
]
KINDS = list(ContactAttempt.Kind.values)

# (status, outcome or referral status, how many): every state of a case and of a referral.
STATES = [
    ("new", "", 8),
    ("in_contact", "", 7),
    ("referred", Referral.Status.SENT, 3),
    ("referred", Referral.Status.ACCEPTED, 2),
    ("referred", Referral.Status.DECLINED, 1),
    ("referred", Referral.Status.STARTED, 2),
    ("referred", Referral.Status.REVOKED, 1),
    ("referred", "withdrawn", 1),
    ("closed", Case.Outcome.DESTINATION_REACHED, 4),
    ("closed", Case.Outcome.MOVED_AWAY, 1),
    ("closed", Case.Outcome.OBJECTED, 1),
    ("closed", Case.Outcome.PASSED_ON, 1),
    ("closed", Case.Outcome.NOT_REACHABLE, 1),
]
DESTINATIONS = ["dual", "transition", "school_vet", "upper_secondary"]


class Demo:
    def __init__(self, tenant: Tenant, today: date) -> None:
        self.tenant = tenant
        self.today = today
        self.rng = random.Random(SEED)
        self.worker = User.objects.filter(email=CASE_WORKER_EMAIL, memberships__tenant=tenant).first()
        partner = Membership.objects.filter(tenant=tenant, user__email=PARTNER_EMAIL).first()
        self.provider = partner.organisation if partner else None
        offerings = Offering.objects.for_tenant(tenant).published().order_by("pk")
        own = offerings.filter(provider=self.provider) if self.provider else offerings.none()
        self.offerings = list(own[:3]) or list(offerings[:3])
        self.schools = list(
            Organisation.objects.for_tenant(tenant).filter(kind=Organisation.Kind.SCHOOL).order_by("pk")
        )
        self.regions = list(Region.objects.for_tenant(tenant).order_by("position", "pk"))
        self.settings = CaseSettings.objects.get_or_create(
            tenant=tenant,
            defaults={
                "import_legal_reference": "§ 31a SGB III; Landesschulgesetz",
                "import_legal_text": "Die Schulen übermitteln die Klärungsliste nach dem Landesschulgesetz.",
            },
        )[0]
        self.teams = [
            CaseTeam.objects.get_or_create(tenant=tenant, name=f"Team {r.name}")[0] for r in self.regions[:2]
        ]
        for team in self.teams:
            if self.worker:
                team.members.add(self.worker)
        self.codes = codes_for(tenant)
        self.number = 0
        # The Klärungsliste of the latest cohort in the monitoring demo: its cases carry the pseudonyms of
        # leavers recorded there as "unknown", so clearing one changes the monitoring figure.
        latest = Leaver.objects.for_tenant(tenant).aggregate(year=Max("leaving_year"))["year"]
        self.leaving_year = latest or (today.year if today.month >= 7 else today.year - 1)
        self.unknown = list(
            Leaver.objects.for_tenant(tenant)
            .filter(leaving_year=self.leaving_year)
            .filter(
                Q(actual_destination__isnull=True)
                | Q(actual_destination__code=clarifications.UNKNOWN)
                | Q(actual_destination__parent__code=clarifications.UNKNOWN)
            )
            .order_by("pk")
            .values_list("pseudonym", flat=True)
        )

    def moment(self, days_ago: int) -> datetime:
        return timezone.make_aware(datetime.combine(self.today - timedelta(days=days_ago), time(10)), LOCAL)

    def case(self, status: str) -> Case:
        rng = self.rng
        self.number += 1
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        leaving_year = self.leaving_year
        source = rng.choice(
            [Case.Source.CLEARING_LIST, Case.Source.CLEARING_LIST, Case.Source.PARTNER_REPORT]
        )
        if source == Case.Source.CLEARING_LIST and self.unknown:
            linked = self.unknown.pop(0)
        elif source == Case.Source.CLEARING_LIST:
            linked = pupil_pseudonym(self.tenant, f"MK-{leaving_year}-{self.number}")
        else:
            linked = ""  # a partner's report names no pupil id
        born = date(leaving_year - rng.choice([15, 16, 16, 17, 18]), rng.randint(1, 12), rng.randint(1, 28))
        minor = (self.today - born).days < 18 * 365
        deadline = self.today + timedelta(days=rng.choice([-10, -3, 5, 12, 20, 30, 45, 60, 90]))
        owner = rng.random()
        return Case.objects.create(
            tenant=self.tenant,
            number=self.number,
            source=source,
            first_name=first,
            last_name=last,
            date_of_birth=born,
            email=f"{first}.{last}{self.number}@example.org".lower(),
            phone=f"0151 000 {self.number:04d}",
            guardian_name=f"Eltern {last}" if minor else "",
            guardian_contact=f"eltern.{last.lower()}{self.number}@example.org" if minor else "",
            school=rng.choice(self.schools) if self.schools else None,
            school_class=rng.choice(["9a", "9b", "10a", "10c", "BVJ"]),
            leaving_year=leaving_year,
            region=rng.choice(self.regions) if self.regions else None,
            pupil_pseudonym=linked,
            lead_worker=self.worker if owner < 0.7 else None,
            team=self.teams[self.number % len(self.teams)] if self.teams and owner >= 0.5 else None,
            deadline=deadline,
            status=status,
        )

    def contacts(self, case: Case, reached: bool, failed: int = 0) -> None:
        for n in range(failed):
            ContactAttempt.objects.create(
                case=case,
                kind=KINDS[n % len(KINDS)],
                made_by=self.worker,
                made_at=self.moment(30 - 7 * n),
                result=ContactAttempt.Result.NOT_REACHED,
                note="Niemand erreicht.",
                next_step="Erneut versuchen",
            )
        if reached:
            ContactAttempt.objects.create(
                case=case,
                kind=ContactAttempt.Kind.SCHOOL_TALK,
                made_by=self.worker,
                made_at=self.moment(5),
                result=ContactAttempt.Result.REACHED,
                note="Gespräch zu Interessen und Bewerbungen.",
                next_step="Einwilligung zur Überleitung klären",
                next_step_due=self.today + timedelta(days=7),
            )

    def consent(self, case: Case, withdrawn: bool = False) -> Consent:
        consent = Consent.objects.create(
            case=case,
            purpose=Purpose.REFERRAL,
            data_categories=[DataCategory.NAME, DataCategory.CONTACT, DataCategory.SCHOOL],
            valid_from=self.today - timedelta(days=4),
            valid_until=self.today + timedelta(days=365),
            given_by=Consent.GivenBy.GUARDIAN if case.guardian_name else Consent.GivenBy.YOUNG_PERSON,
            giver_name=case.guardian_name,
            form=Consent.Form.WRITTEN,
            ended_at=self.moment(1) if withdrawn else None,
            ended_note="telefonisch widerrufen" if withdrawn else "",
            recorded_by=self.worker,
        )
        consent.recipients.set({o.provider for o in self.offerings})
        return consent

    def referral(self, case: Case, status: str) -> None:
        withdrawn = status == "withdrawn"
        consent = self.consent(case, withdrawn=withdrawn)
        reasons = {
            Referral.Status.DECLINED: "Keine Plätze frei bis zum Frühjahr.",
            Referral.Status.REVOKED: "Anderes Angebot passt besser.",
        }
        Referral.objects.create(
            case=case,
            offering=self.offerings[self.number % len(self.offerings)],
            provider=self.offerings[self.number % len(self.offerings)].provider,
            data_categories=[DataCategory.NAME, DataCategory.CONTACT],
            consent=consent,
            status=Referral.Status.ACCEPTED if withdrawn else status,
            reason=reasons.get(status, ""),
            message="Interesse an einer Ausbildung im Handwerk.",
            sent_by=self.worker,
            sent_at=self.moment(3),
        )

    def closed(self, outcome: str) -> None:
        case = self.case(Case.Status.NEW)
        self.contacts(
            case,
            reached=outcome != Case.Outcome.NOT_REACHABLE,
            failed=self.settings.contact_attempts_required if outcome == Case.Outcome.NOT_REACHABLE else 1,
        )
        if outcome == Case.Outcome.OBJECTED:
            basis = LegalBasis.objects.create(
                case=case,
                purpose=Purpose.HANDOVER,
                data_categories=[DataCategory.NAME, DataCategory.CONTACT],
                valid_from=self.today - timedelta(days=20),
                reference="§ 31a SGB III",
                informed_on=self.today - timedelta(days=20),
                ended_at=self.moment(2),
                ended_note="Widerspruch per Brief",
                recorded_by=self.worker,
            )
            basis.recipients.set(
                Organisation.objects.for_tenant(self.tenant).filter(kind=Organisation.Kind.EMPLOYMENT_AGENCY)[
                    :1
                ]
            )
        case.status = Case.Status.CLOSED
        case.outcome = outcome
        case.closed_at = self.moment(1)
        if outcome == Case.Outcome.DESTINATION_REACHED:
            case.destination = self.codes[DESTINATIONS[self.number % len(DESTINATIONS)]]
            with contextlib.suppress(clarifications.NoLeaverRecord):
                clarifications.clarify(
                    tenant=self.tenant,
                    leaving_year=case.leaving_year,
                    pseudonym=case.pupil_pseudonym,
                    destination=case.destination,
                    source=f"Verbleibsklärung, Fall {case.pk}",
                    user=self.worker,
                    on=self.today - timedelta(days=1),
                )
        if outcome == Case.Outcome.PASSED_ON:
            case.passed_to = (
                Organisation.objects.for_tenant(self.tenant)
                .filter(kind=Organisation.Kind.YOUTH_OFFICE)
                .first()
                or self.offerings[0].provider
            )
        case.save()

    def conference(self, case: Case) -> None:
        """A case conference with the provider and the employment agency, minutes and two agreed steps."""
        agency = (
            Organisation.objects.for_tenant(self.tenant)
            .filter(kind=Organisation.Kind.EMPLOYMENT_AGENCY)
            .first()
        )
        organisations = [o for o in (self.provider, agency) if o is not None]
        if not organisations:
            return
        consent = Consent.objects.create(
            case=case,
            purpose=Purpose.CASE_CONFERENCE,
            data_categories=[DataCategory.NAME, DataCategory.SCHOOL],
            valid_from=self.today - timedelta(days=10),
            valid_until=self.today + timedelta(days=180),
            given_by=Consent.GivenBy.GUARDIAN if case.guardian_name else Consent.GivenBy.YOUNG_PERSON,
            giver_name=case.guardian_name,
            form=Consent.Form.WRITTEN,
            recorded_by=self.worker,
        )
        consent.recipients.set(organisations)
        conference = CaseConference.objects.create(
            case=case,
            held_at=self.moment(2),
            place="Jugendberufsagentur, Besprechungsraum 1",
            data_categories=[DataCategory.NAME, DataCategory.SCHOOL],
            minutes=(
                "Stand: Die junge Person hat die Maßnahme begonnen und wünscht sich eine Ausbildung im Handwerk.\n\n"
                "Vereinbart: Praktikum in den Winterferien, Termin bei der Berufsberatung vor dem 31. Januar."
            ),
            convened_by=self.worker,
        )
        conference.organisations.set(organisations)
        partners = User.objects.filter(
            memberships__tenant=self.tenant, memberships__organisation__in=organisations
        )
        conference.participants.set([u for u in (self.worker, *partners) if u is not None])
        Task.objects.create(
            case_conference=conference,
            title="Praktikumsplatz in den Winterferien suchen",
            responsible_organisation=self.provider,
            due_date=self.today + timedelta(days=21),
        )
        Task.objects.create(
            case_conference=conference,
            title="Termin bei der Berufsberatung vereinbaren",
            responsible_user=self.worker,
            responsible_organisation=agency,
            due_date=self.today + timedelta(days=14),
        )


@transaction.atomic
def load(today: date | None = None) -> None:
    tenant = Tenant.objects.filter(slug="musterkreis").first()
    if tenant is None or Case.objects.for_tenant(tenant).exists():
        return
    if not Offering.objects.for_tenant(tenant).published().exists():
        return  # the offerings demo provides what cases are referred to
    demo = Demo(tenant, today or timezone.localdate())
    for status, detail, count in STATES:
        for _ in range(count):
            if status == Case.Status.CLOSED:
                demo.closed(detail)
                continue
            case = demo.case(status)
            if status == Case.Status.IN_CONTACT:
                demo.contacts(case, reached=demo.rng.random() < 0.5, failed=demo.rng.randint(1, 2))
            elif status == Case.Status.REFERRED:
                demo.contacts(case, reached=True)
                demo.referral(case, detail)
                if detail == Referral.Status.STARTED and not CaseConference.objects.filter(
                    case__tenant=tenant
                ):
                    demo.conference(case)
