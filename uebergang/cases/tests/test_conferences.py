"""Case conferences: the permit gate for every organisation, minutes for participants only, steps as tasks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from uebergang.audit.models import AuditEvent
from uebergang.cases import actions, conferences
from uebergang.cases.models import CaseConference, Consent, DataCategory, Purpose
from uebergang.network.models import Task
from uebergang.test import create_case, create_membership, create_organisation, create_user, enrol_totp

A = "/kreis-a/intern"


@pytest.fixture
def jobcenter(cast):
    return create_organisation(cast.tenant_a, "Jobcenter Musterstadt")


@pytest.fixture
def jobcenter_person(cast, jobcenter):
    user = create_user("jc@a.example.org", full_name="Jo Center")
    membership = create_membership(user, cast.tenant_a, "partner")
    membership.organisation = jobcenter
    membership.save(update_fields=["organisation"])
    return user


def conference_consent(case, organisations, categories=("name", "school"), **fields):
    consent = Consent.objects.create(
        case=case,
        purpose=Purpose.CASE_CONFERENCE,
        data_categories=list(categories),
        valid_from=fields.pop("valid_from", date(2026, 1, 1)),
        given_by=Consent.GivenBy.YOUNG_PERSON,
        form=Consent.Form.WRITTEN,
        **fields,
    )
    consent.recipients.set(organisations)
    return consent


def test_convening_is_refused_for_an_organisation_no_conference_permit_covers(cast, jobcenter):
    case = cast.cases_a.case
    provider = cast.offerings_a.published.provider
    kwargs = {
        "case": case,
        "actor": cast.case_worker,
        "held_at": timezone.now(),
        "participants": [],
        "categories": {"name", "school"},
    }
    # The case's referral consent names the provider, but for referrals, not for a conference.
    with pytest.raises(actions.CaseError, match="Jobcenter Musterstadt"):
        conferences.convene(organisations=[provider, jobcenter], **kwargs)
    conference_consent(case, [jobcenter], categories=["name"])
    with pytest.raises(actions.CaseError, match="Jobcenter Musterstadt"):  # school not covered
        conferences.convene(organisations=[provider, jobcenter], **kwargs)
    assert CaseConference.objects.filter(case=case).count() == 1  # only the cast's
    conference_consent(case, [jobcenter])
    conference = conferences.convene(organisations=[provider, jobcenter], **kwargs)
    assert set(conference.organisations.all()) == {provider, jobcenter}
    assert list(conference.participants.all()) == [cast.case_worker]
    event = AuditEvent.objects.get(action="case.conference_convened")
    assert event.data["organisations"] == sorted([provider.pk, jobcenter.pk])
    assert case.full_name not in str(event.data)


def test_only_case_workers_and_people_of_the_organisations_take_part(cast, jobcenter, jobcenter_person):
    case = cast.cases_a.case
    conference_consent(case, [jobcenter])
    stranger = create_user("fremd@a.example.org")
    create_membership(stranger, cast.tenant_a, "partner")  # a partner of no participating organisation
    with pytest.raises(actions.CaseError, match="Teilnehmen können nur"):
        conferences.convene(
            case=case,
            actor=cast.case_worker,
            held_at=timezone.now(),
            organisations=[jobcenter],
            participants=[stranger],
            categories={"name"},
        )
    conference = conferences.convene(
        case=case,
        actor=cast.case_worker,
        held_at=timezone.now() + timedelta(days=3),
        place="Rathaus, Raum 2",
        organisations=[jobcenter],
        participants=[jobcenter_person],
        categories={"name"},
    )
    assert set(conference.participants.all()) == {cast.case_worker, jobcenter_person}
    invitation = [m for m in mail.outbox if jobcenter_person.email in m.to]
    assert invitation and "Fallkonferenz" in invitation[0].subject
    assert case.full_name not in invitation[0].body and case.reference in invitation[0].body


def test_convening_through_the_form(worker, cast, jobcenter, jobcenter_person):
    case = cast.cases_a.case
    url = f"{A}/faelle/{case.pk}/fallkonferenz/"
    page = worker.get(url).content.decode()
    assert "Jobcenter Musterstadt" not in page  # no conference permit names it yet
    conference_consent(case, [jobcenter])
    page = worker.get(url).content.decode()
    assert "Jobcenter Musterstadt" in page and "Jo Center" in page
    response = worker.post(url, {"held_at": "2026-11-20T10:00", "place": "Rathaus"})
    assert "Fehler:" in response.content.decode()
    response = worker.post(
        url,
        {
            "held_at": "2026-11-20T10:00",
            "place": "Rathaus",
            "organisations": [jobcenter.pk],
            "participants": [jobcenter_person.pk],
            "data_categories": ["name", "birth_date"],  # the consent does not cover the birth date
        },
    )
    assert "Keine gültige Einwilligung" in response.content.decode()
    response = worker.post(
        url,
        {
            "held_at": "2026-11-20T10:00",
            "place": "Rathaus",
            "organisations": [jobcenter.pk],
            "participants": [jobcenter_person.pk],
            "data_categories": ["name", "school"],
        },
    )
    conference = CaseConference.objects.filter(case=case).latest("id")
    assert response.status_code == 302 and response.url.endswith(f"/fallkonferenzen/{conference.pk}/")
    case_page = worker.get(f"{A}/faelle/{case.pk}/").content.decode()
    assert f"/fallkonferenzen/{conference.pk}/" in case_page and "Jobcenter Musterstadt" in case_page


def test_minutes_only_for_participants_and_data_only_while_covered(client, cast, jobcenter, jobcenter_person):
    case = cast.cases_a.case
    consent = conference_consent(case, [jobcenter])
    conference = conferences.convene(
        case=case,
        actor=cast.case_worker,
        held_at=timezone.now(),
        organisations=[jobcenter],
        participants=[jobcenter_person],
        categories={"name", "school"},
    )
    conferences.record_minutes(conference=conference, actor=cast.case_worker, minutes="Vereinbart: Praktikum")
    url = f"{A}/fallkonferenzen/{conference.pk}/"
    other_worker = create_user("cw2@a.example.org")
    create_membership(other_worker, cast.tenant_a, "case_worker")
    enrol_totp(other_worker)
    for user, status in (
        (other_worker, 404),  # a case worker who does not take part
        (cast.partner, 404),  # the provider's partner is not in this conference
        (cast.coordinator, 403),
        (cast.steering, 403),
        (cast.coordinator_b, 403),
        (cast.outsider, 403),
    ):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, user
        assert "Vereinbart: Praktikum" not in response.content.decode()
    client.force_login(other_worker)
    assert "Protokoll nur für Teilnehmende" in client.get(f"{A}/faelle/{case.pk}/").content.decode()
    client.force_login(jobcenter_person)
    page = client.get(url).content.decode()
    assert "Vereinbart: Praktikum" in page
    assert "nur mit Zwei-Faktor-Anmeldung" in page and case.full_name not in page
    enrol_totp(jobcenter_person)
    page = client.get(url).content.decode()
    assert case.full_name in page and case.email not in page  # contact data were not shared
    assert AuditEvent.objects.filter(
        action="case.read", actor=jobcenter_person, data__view="conference"
    ).exists()
    assert conference.pk in [c.pk for c in conferences.conferences_of(cast.tenant_a, jobcenter_person)]
    actions.end_permit(permit=consent, actor=cast.case_worker, note="widerrufen am Telefon")
    page = client.get(url).content.decode()
    assert "ist entfallen" in page and case.full_name not in page


def test_steps_are_tasks_of_the_responsible_and_never_in_a_bodys_list(
    client, cast, jobcenter, jobcenter_person
):
    case = cast.cases_a.case
    conference_consent(case, [jobcenter])
    conference = conferences.convene(
        case=case,
        actor=cast.case_worker,
        held_at=timezone.now(),
        organisations=[jobcenter],
        participants=[jobcenter_person],
        categories={"name"},
    )
    client.force_login(cast.case_worker)
    url = f"{A}/fallkonferenzen/{conference.pk}/"
    response = client.post(
        url, {"schritt-title": "Termin bei der Berufsberatung", "schritt-due_date": "2026-12-01"}
    )
    assert "Bitte nennen Sie, wer" in response.content.decode()
    client.post(
        url,
        {
            "schritt-title": "Termin bei der Berufsberatung",
            "schritt-responsible_user": jobcenter_person.pk,
            "schritt-due_date": "2026-12-01",
        },
    )
    step = conference.steps.get()
    assert step.responsible_user == jobcenter_person and step.body is None
    assert step not in Task.objects.for_tenant(cast.tenant_a)  # no body's task list shows it
    assert any(
        "Termin bei der Berufsberatung" in m.body for m in mail.outbox if jobcenter_person.email in m.to
    )
    client.force_login(jobcenter_person)
    listing = client.get(f"{A}/fallkonferenzen/").content.decode()
    assert "Termin bei der Berufsberatung" in listing
    response = client.post(f"{url}schritte/{step.pk}/", {"status": "done"})
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.status == "done"
    # Another conference's step is not reached through this conference.
    other = cast.cases_a.step
    assert client.post(f"{url}schritte/{other.pk}/", {"status": "done"}).status_code == 404


def test_a_closed_case_takes_no_new_conference(cast, jobcenter):
    case = create_case(cast.tenant_a, cast.case_worker, "z")
    conference_consent(case, [jobcenter])
    case.status, case.outcome, case.closed_at = "closed", "moved_away", timezone.now()
    case.save()
    with pytest.raises(actions.CaseError, match="abgeschlossen"):
        conferences.convene(
            case=case,
            actor=cast.case_worker,
            held_at=timezone.now(),
            organisations=[jobcenter],
            participants=[],
            categories={DataCategory.NAME},
        )
