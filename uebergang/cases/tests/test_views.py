"""The case pages as people use them: who gets in, what they see, what the forms do."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from uebergang.audit.models import AuditEvent
from uebergang.cases.models import Case, CaseConference, CaseTeam, Consent, ContactAttempt, Referral
from uebergang.monitoring.codes import codes_for
from uebergang.test import create_case, create_organisation, enrol_totp

A = "/kreis-a/intern"


def case_urls(cast) -> list[str]:
    ids = cast.case_ids_of(cast.tenant_a)
    case = f"{A}/faelle/{ids['case_id']}/"
    return [
        f"{A}/faelle/",
        f"{A}/faelle/neu/",
        f"{A}/faelle/klaerungsliste/",
        case,
        case + "bearbeiten/",
        case + "kontakt/",
        case + "einwilligung/",
        case + "rechtsgrundlage/",
        case + "ueberleitung/",
        case + "abschluss/",
        case + "auskunft.json",
        case + "auskunft/",
        f"{A}/einwilligungen/{ids['consent_id']}/widerruf/",
        f"{A}/rechtsgrundlagen/{ids['legal_basis_id']}/widerspruch/",
        f"{A}/ueberleitungen/{ids['referral_id']}/zurueckziehen/",
    ]


def test_only_case_workers_of_the_tenant_open_case_pages(client, cast, other_partner):
    refused = {
        "coordinator": cast.coordinator,
        "partner": cast.partner,
        "other partner": other_partner,
        "steering": cast.steering,
        "tenant B": cast.coordinator_b,
        "association": cast.association,
        "outsider": cast.outsider,
    }
    for url in case_urls(cast):
        for label, user in refused.items():
            client.force_login(user)
            response = client.get(url)
            assert response.status_code == 403, f"{label} on {url}: {response.status_code}"
            assert cast.cases_a.young_person not in response.content.decode()
        client.force_login(cast.case_worker)
        assert client.get(url).status_code == 200, url
    client.logout()
    assert client.get(case_urls(cast)[2]).status_code == 302


def test_the_case_workers_login_lands_on_the_queue_sorted_by_deadline(worker, cast):
    later = create_case(cast.tenant_a, cast.case_worker, "spaet", deadline=date(2026, 12, 1))
    early = create_case(cast.tenant_a, cast.case_worker, "frueh", deadline=date(2026, 7, 1))
    assert worker.get("/konto/start/").url == f"{A}/faelle/"
    page = worker.get(f"{A}/faelle/").content.decode()
    assert page.index(early.last_name) < page.index(cast.cases_a.case.last_name) < page.index(later.last_name)
    assert "Meine Fälle" in page


def test_the_queue_filters_and_searches(worker, cast, django_assert_max_num_queries):
    school = create_organisation(cast.tenant_a, "Schule am Park", kind="school")
    in_school = create_case(cast.tenant_a, cast.case_worker, "schule", school=school, school_class="9b")
    adult = create_case(cast.tenant_a, cast.case_worker, "alt", date_of_birth=date(1999, 1, 1))
    others = create_case(cast.tenant_a, None, "fremd")
    team = CaseTeam.objects.create(tenant=cast.tenant_a, name="West")
    team.members.add(cast.case_worker)
    in_team = create_case(cast.tenant_a, None, "team", team=team)
    closed = create_case(
        cast.tenant_a, cast.case_worker, "zu", status="closed", outcome="moved_away", closed_at=timezone.now()
    )

    def shown(query: str) -> str:
        # Not one query per row: session, user, MFA, tenant, membership, the filters' choices, count, page
        # (12), plus the lookup of a chosen school, region or worker.
        with django_assert_max_num_queries(15):
            return worker.get(f"{A}/faelle/?{query}").content.decode()

    mine = shown("")
    assert in_school.last_name in mine and others.last_name not in mine and closed.last_name not in mine
    assert others.last_name in shown("ansicht=alle")
    team_page = shown("ansicht=team")
    assert in_team.last_name in team_page and in_school.last_name not in team_page
    by_school = shown(f"schule={school.pk}")
    assert in_school.last_name in by_school and adult.last_name not in by_school
    assert adult.last_name in shown("alter_von=20") and in_school.last_name not in shown("alter_von=20")
    assert in_school.last_name in shown("q=9b") and adult.last_name not in shown("q=9b")
    assert adult.last_name in shown(f"q=F-{adult.number:05d}")
    assert closed.last_name in shown("status=closed")
    assert "darf nicht kleiner" in shown("alter_von=20&alter_bis=15")


def test_each_read_of_a_case_is_audited_without_personal_data(worker, cast):
    case = cast.cases_a.case
    worker.get(f"{A}/faelle/{case.pk}/")
    event = AuditEvent.objects.get(action="case.read", object_id=str(case.pk))
    assert event.actor == cast.case_worker and event.object_repr == case.reference
    assert case.first_name not in str(event.data)


def test_a_case_is_opened_from_the_form_with_a_clear_message_for_a_minor_without_guardian(worker, cast):
    form = {"first_name": "Lea", "last_name": "Neu", "leaving_year": "2026", "date_of_birth": "2012-02-02"}
    response = worker.post(f"{A}/faelle/neu/", form)
    assert response.status_code == 200
    assert "Bei Minderjährigen bitte die sorgeberechtigte Person angeben." in response.content.decode()
    assert not Case.objects.filter(first_name="Lea").exists()
    response = worker.post(f"{A}/faelle/neu/", {**form, "guardian_name": "Frau Neu", "pupil_id": "X-9"})
    case = Case.objects.get(first_name="Lea")
    assert response.url == f"{A}/faelle/{case.pk}/"
    assert case.deadline == date(2026, 10, 31) and len(case.pupil_pseudonym) == 64


def test_contacts_consents_referral_and_close_through_the_forms(worker, cast):
    case = create_case(cast.tenant_a, cast.case_worker, "weg")
    url = f"{A}/faelle/{case.pk}/"
    provider = cast.offerings_a.published.provider
    worker.post(url + "kontakt/", {"kind": "call", "made_at": "2026-01-05T10:00", "result": "reached"})
    assert ContactAttempt.objects.filter(case=case).count() == 1
    referral = {"offering": cast.offerings_a.published.pk, "data_categories": ["name", "contact"]}
    refused = worker.post(url + "ueberleitung/", referral)
    assert "Keine gültige Einwilligung" in refused.content.decode()
    consent = {
        "purpose": "referral",
        "data_categories": ["name", "contact"],
        "recipients": [provider.pk],
        "given_by": "young_person",
        "form": "oral",
        "valid_from": "2026-01-05",
    }
    response = worker.post(url + "einwilligung/", consent)
    assert "Eine mündliche Einwilligung braucht eine Zeugin oder einen Zeugen." in response.content.decode()
    worker.post(url + "einwilligung/", {**consent, "witness": "Herr Zeuge"})
    assert Consent.objects.filter(case=case, witness="Herr Zeuge").exists()
    worker.post(url + "ueberleitung/", referral)
    assert Referral.objects.filter(case=case, status="sent").exists()
    response = worker.post(url + "abschluss/", {"outcome": "destination_reached"})
    assert "Bitte geben Sie den erreichten Verbleib an." in response.content.decode()
    dual = codes_for(cast.tenant_a)["dual"]
    worker.post(url + "abschluss/", {"outcome": "destination_reached", "destination": dual.pk})
    case.refresh_from_db()
    assert case.outcome == "destination_reached" and case.destination == dual
    page = worker.get(url).content.decode()
    assert "Anschluss geklärt" in page and "Kontakt erfassen" not in page


@pytest.mark.parametrize("who", ["coordinator", "other_partner", "steering", "case_worker", "coordinator_b"])
def test_referral_pages_of_a_provider_refuse_everyone_else(client, cast, other_partner, who):
    user = other_partner if who == "other_partner" else getattr(cast, who)
    client.force_login(user)
    referral = cast.cases_a.referral
    status = client.get(f"{A}/ueberleitungen/{referral.pk}/").status_code
    assert status == (404 if who == "other_partner" else 403)
    inbox = client.get(f"{A}/ueberleitungen/")
    assert cast.cases_a.case.reference not in inbox.content.decode()


def test_the_provider_sees_only_covered_data_and_nothing_after_withdrawal(client, cast):
    from uebergang.cases import actions

    referral = cast.cases_a.referral
    case = cast.cases_a.case
    client.force_login(cast.partner)
    url = f"{A}/ueberleitungen/{referral.pk}/"
    assert case.reference in client.get(f"{A}/ueberleitungen/").content.decode()
    page = client.get(url).content.decode()
    assert "nur mit Zwei-Faktor-Anmeldung" in page and case.full_name not in page
    enrol_totp(cast.partner)
    page = client.get(url).content.decode()
    assert case.full_name in page and case.email in page
    assert "04.05.2009" not in page  # the birth date was not shared
    assert AuditEvent.objects.filter(action="case.read", actor=cast.partner, object_id=str(case.pk)).exists()
    response = client.post(url, {"status": "declined"})
    assert "Bitte begründen Sie die Ablehnung." in response.content.decode()
    client.post(url, {"status": "accepted"})
    referral.refresh_from_db()
    assert referral.status == "accepted"
    actions.end_permit(permit=cast.cases_a.consent, actor=cast.case_worker)
    page = client.get(url).content.decode()
    assert "widerrufen" in page and case.full_name not in page and case.email not in page


def test_the_art_15_export_holds_all_cases_of_the_person_and_nobody_elses(worker, cast):
    import json

    from uebergang.cases.actions import pupil_pseudonym

    earlier = create_case(
        cast.tenant_a, cast.case_worker, "x", pupil_pseudonym=pupil_pseudonym(cast.tenant_a, "P-1")
    )
    Case.objects.filter(pk=earlier.pk).update(status="closed", outcome="moved_away", closed_at=timezone.now())
    later = create_case(cast.tenant_a, cast.case_worker, "x", pupil_pseudonym=earlier.pupil_pseudonym)
    response = worker.get(f"{A}/faelle/{later.pk}/auskunft.json")
    assert response["Content-Disposition"] == f'attachment; filename="auskunft-{later.reference}.json"'
    data = json.loads(response.content)
    assert [c["reference"] for c in data["cases"]] == [earlier.reference, later.reference]
    assert cast.cases_a.young_person not in response.content.decode()
    cast_case = worker.get(f"{A}/faelle/{cast.cases_a.case.pk}/auskunft.json").json()["cases"][0]
    assert cast_case["consents"][0]["recipients"] == [cast.network_a.organisation.name]
    assert (
        cast_case["referrals"][0]["status"] == "gesendet" and cast_case["contacts"][0]["result"] == "erreicht"
    )
    assert AuditEvent.objects.filter(action="case.read", data__view="export").count() == 2
    assert cast_case["case_conferences"][0]["minutes"] == cast.cases_a.conference.minutes


def test_the_art_15_page_is_readable_and_shows_how_to_rectify_and_object(worker, cast):
    case = cast.cases_a.case
    page = worker.get(f"{A}/faelle/{case.pk}/auskunft/").content.decode()
    assert "Auskunft über gespeicherte Daten (Art. 15 DSGVO)" in page
    assert case.full_name in page and case.email in page and "Vertraulicher Gesprächsvermerk a" in page
    assert cast.network_a.organisation.name in page and cast.cases_a.conference.minutes in page
    assert f"/faelle/{case.pk}/bearbeiten/" in page and "Art. 21 DSGVO" in page
    assert AuditEvent.objects.filter(action="case.read", data__view="disclosure").exists()


def test_the_audit_trail_coordinators_read_names_no_young_person(client, worker, cast):
    case = cast.cases_a.case
    worker.get(f"{A}/faelle/{case.pk}/")
    worker.post(
        f"{A}/faelle/{case.pk}/kontakt/", {"kind": "call", "made_at": "2026-01-05T10:00", "result": "reached"}
    )
    client.force_login(cast.coordinator)
    trail = client.get("/kreis-a/intern/protokoll/").content.decode()
    assert case.reference in trail
    for private in (case.first_name, case.last_name, case.email):
        assert private not in trail


def test_the_case_page_does_not_query_per_contact_or_referral(worker, cast, django_assert_max_num_queries):
    case = cast.cases_a.case
    url = f"{A}/faelle/{case.pk}/"
    worker.get(url)
    for _ in range(5):
        ContactAttempt.objects.create(case=case, kind="letter", made_at=timezone.now(), result="not_reached")
        Referral.objects.create(
            case=case,
            offering=cast.offerings_a.published,
            provider=cast.offerings_a.published.provider,
            data_categories=["name"],
            consent=cast.cases_a.consent,
            sent_at=timezone.now(),
        )
        conference = CaseConference.objects.create(case=case, held_at=timezone.now())
        conference.organisations.add(cast.offerings_a.published.provider)
        conference.participants.add(cast.case_worker)
    with django_assert_max_num_queries(21):  # as many as with one contact, referral and conference
        page = worker.get(url).content.decode()
    assert page.count("Bewerbungstraining a") == 6


def test_a_case_worker_without_a_second_factor_reaches_no_case(client, cast):
    from uebergang.accounts.models import TotpDevice

    TotpDevice.objects.filter(user=cast.case_worker).delete()
    client.force_login(cast.case_worker)
    for url in (f"{A}/faelle/", f"{A}/faelle/{cast.cases_a.case.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url == "/konto/sicherheit/einrichten/"
    assert not AuditEvent.objects.filter(action="case.read").exists()


def test_a_name_search_counts_its_matches_up_to_a_cap(worker, cast, monkeypatch):
    from uebergang.cases.views import queue

    for i in range(3):
        create_case(cast.tenant_a, cast.case_worker, f"m{i}", last_name="Hartmann")
    page = worker.get(f"{A}/faelle/?ansicht=alle&q=hartmann").content.decode()
    assert "3 Fälle" in page
    monkeypatch.setattr(queue, "SEARCH_COUNT_CAP", 2)
    page = worker.get(f"{A}/faelle/?ansicht=alle&q=hartmann").content.decode()
    assert "Mehr als 2 Fälle – bitte grenzen Sie die Suche ein" in page and page.count("Hartmann") >= 3


def row_of(page: str, marker: str) -> str:
    at = page.index(marker)
    return page[page.rindex("<tr>", 0, at) : page.index("</tr>", at)]


def test_a_queue_row_shows_deadline_case_name_school_region_status_and_worker(worker, cast):
    school = create_organisation(cast.tenant_a, "Schule am <Park>", kind="school")
    team = CaseTeam.objects.create(tenant=cast.tenant_a, name="Team West")
    overdue = create_case(
        cast.tenant_a, cast.case_worker, "fristlos", school=school, school_class="9b", team=team,
        deadline=date(2020, 10, 31), region=cast.region_a,
    )  # fmt: skip
    closed = create_case(
        cast.tenant_a, cast.case_worker, "erledigt", status="closed", outcome="moved_away",
        closed_at=timezone.now(), deadline=date(2020, 10, 31),
    )  # fmt: skip
    page = worker.get(f"{A}/faelle/?ansicht=meine").content.decode()
    row = row_of(page, f'href="{A}/faelle/{overdue.pk}/"')
    assert "<strong>31.10.2020 (überschritten)</strong>" in row
    assert f">{overdue.reference}</a>" in row and f"{overdue.last_name}, {overdue.first_name}" in row
    assert "Schule am &lt;Park&gt;, 9b" in row  # escaped, never markup
    assert f"<td>{cast.region_a.name}</td>" in row and "<td>neu</td>" in row
    assert f'{cast.case_worker} <span class="meta">(Team West)</span>' in row
    closed_page = worker.get(f"{A}/faelle/?status=closed").content.decode()
    closed_row = row_of(closed_page, f">{closed.reference}</a>")
    assert "überschritten" not in closed_row and "abgeschlossen: verzogen" in closed_row
    assert "Keine Fälle für diese Auswahl." in worker.get(f"{A}/faelle/?q=Niemandname").content.decode()
