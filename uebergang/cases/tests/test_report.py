"""A partner reports a young person with consent; the case lands unassigned in the queue."""

from __future__ import annotations

from uebergang.audit.models import AuditEvent
from uebergang.cases.models import Case

URL = "/kreis-a/intern/faelle/melden/"
FORM = {
    "first_name": "Timo",
    "last_name": "Gemeldet",
    "date_of_birth": "2010-06-01",
    "phone": "0151 000 777",
    "guardian_name": "Frau Gemeldet",
    "leaving_year": "2026",
    "given_by": "guardian",
    "giver_name": "Frau Gemeldet",
    "consent_form": "written",
    "consent_date": "2026-01-10",
}


def test_a_partner_reports_with_consent_and_sees_only_the_reference(client, cast):
    client.force_login(cast.partner)
    page = client.post(URL, FORM).content.decode()
    case = Case.objects.get(last_name="Gemeldet")
    assert case.reference in page and "0151 000 777" not in page
    assert (case.source, case.lead_worker, case.status) == ("partner_report", None, "new")
    consent = case.consents.get()
    assert list(consent.recipients.all()) == [cast.network_a.organisation]
    assert set(consent.data_categories) == {"name", "contact", "birth_date", "guardian"}
    assert consent.purpose == "handover" and consent.given_by == "guardian"
    assert AuditEvent.objects.filter(action="case.opened", actor=cast.partner).exists()
    assert client.get(f"/kreis-a/intern/faelle/{case.pk}/").status_code == 403
    client.force_login(cast.case_worker)
    assert "Gemeldet" in client.get("/kreis-a/intern/faelle/?ansicht=alle").content.decode()


def test_a_report_without_contact_or_with_an_oral_consent_without_witness_is_refused(client, cast):
    client.force_login(cast.partner)
    form = {**FORM, "phone": "", "consent_form": "oral"}
    page = client.post(URL, form).content.decode()
    assert "Bitte mindestens einen Weg angeben" in page and "Zeugin oder einen Zeugen" in page
    assert not Case.objects.filter(last_name="Gemeldet").exists()


def test_only_partners_of_the_tenant_report(client, cast):
    for user in (cast.coordinator, cast.case_worker, cast.steering, cast.coordinator_b, cast.outsider):
        client.force_login(user)
        assert client.post(URL, FORM).status_code == 403
    assert not Case.objects.filter(last_name="Gemeldet").exists()
