"""Art. 15 DSGVO: everything the municipality holds about one young person, as JSON.

One person can have several cases (e.g. in two school years): the export gathers the tenant's cases
with the same pupil pseudonym or, without one, the same name and date of birth. Anonymised cases
hold nothing about the person any more and are left out.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from .models import Case, SharingPermit


def same_person(case: Case):
    cases = Case.objects.for_tenant(case.tenant).filter(anonymised_at__isnull=True)
    if case.pupil_pseudonym:
        match = Q(pupil_pseudonym=case.pupil_pseudonym)
    else:
        match = Q(first_name=case.first_name, last_name=case.last_name, date_of_birth=case.date_of_birth)
    return cases.filter(match | Q(pk=case.pk)).order_by("created_at", "pk")


def _permit(permit: SharingPermit) -> dict[str, Any]:
    return {
        "purpose": permit.get_purpose_display(),
        "data_categories": permit.category_labels(),
        "recipients": [o.name for o in permit.recipients.all()],
        "valid_from": permit.valid_from,
        "valid_until": permit.valid_until,
        "withdrawn_at": permit.ended_at,
        "withdrawal_note": permit.ended_note,
    }


def person_data(case: Case) -> dict[str, Any]:
    cases = same_person(case).select_related("school", "region", "lead_worker", "destination", "passed_to")
    return {
        "municipality": case.tenant.name,
        "cases": [
            {
                "reference": c.reference,
                "source": c.get_source_display(),
                "first_name": c.first_name,
                "last_name": c.last_name,
                "date_of_birth": c.date_of_birth,
                "email": c.email,
                "phone": c.phone,
                "address": {"street": c.street, "postcode": c.postcode, "city": c.city},
                "guardian": {"name": c.guardian_name, "contact": c.guardian_contact},
                "school": c.school.name if c.school else None,
                "class": c.school_class,
                "leaving_year": c.leaving_year,
                "region": c.region.name if c.region else None,
                "lead_worker": str(c.lead_worker) if c.lead_worker else None,
                "deadline": c.deadline,
                "status": c.get_status_display(),
                "outcome": c.get_outcome_display() if c.outcome else None,
                "destination": c.destination.label if c.destination else None,
                "passed_to": c.passed_to.name if c.passed_to else None,
                "outcome_note": c.outcome_note,
                "created_at": c.created_at,
                "closed_at": c.closed_at,
                "contacts": [
                    {
                        "kind": k.get_kind_display(),
                        "at": k.made_at,
                        "by": str(k.made_by) if k.made_by else None,
                        "result": k.get_result_display(),
                        "note": k.note,
                        "next_step": k.next_step,
                        "next_step_due": k.next_step_due,
                    }
                    for k in c.contacts.select_related("made_by").order_by("made_at", "pk")
                ],
                "consents": [
                    {
                        **_permit(p),
                        "given_by": p.get_given_by_display(),
                        "giver_name": p.giver_name,
                        "form": p.get_form_display(),
                        "witness": p.witness,
                    }
                    for p in c.consents.prefetch_related("recipients").order_by("valid_from", "pk")
                ],
                "legal_bases": [
                    {**_permit(p), "reference": p.reference, "informed_of_right_to_object_on": p.informed_on}
                    for p in c.legal_bases.prefetch_related("recipients").order_by("valid_from", "pk")
                ],
                "referrals": [
                    {
                        "offering": r.offering.title,
                        "provider": r.provider.name,
                        "data_shared": r.category_labels(),
                        "status": r.get_status_display(),
                        "reason": r.reason,
                        "sent_at": r.sent_at,
                    }
                    for r in c.referrals.select_related("offering", "provider").order_by("sent_at", "pk")
                ],
                "case_conferences": [
                    {
                        "held_at": k.held_at,
                        "place": k.place,
                        "organisations": [o.name for o in k.organisations.all()],
                        "data_shared": k.category_labels(),
                        "minutes": k.minutes,
                        "agreed_steps": [
                            {"step": t.title, "due": t.due_date, "status": t.get_status_display()}
                            for t in k.steps.all()
                        ],
                    }
                    for k in c.conferences.prefetch_related("organisations", "steps").order_by(
                        "held_at", "pk"
                    )
                ],
            }
            for c in cases
        ],
    }
