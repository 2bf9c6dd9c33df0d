"""Partner reports: the form and its sums, completeness per period, the import of a provider's own table."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from uebergang.audit.models import AuditEvent
from uebergang.offerings.models import Offering
from uebergang.quality.models import PartnerReport, ReportingPeriod
from uebergang.test import create_membership, create_organisation, create_user

Q = "/kreis-a/intern/qualitaet"


@pytest.fixture
def period(cast):
    return ReportingPeriod.objects.get(tenant=cast.tenant_a)


@pytest.fixture
def second_offering(cast, period):
    offering = Offering.objects.create(
        tenant=cast.tenant_a,
        provider=cast.network_a.organisation,
        title="Bewerbungstraining",
        short_description="Training",
        status=Offering.Status.PUBLISHED,
    )
    period.offerings.add(offering)
    return offering


def report_data(**overrides):
    data = {
        "participants": 30,
        "participants_female": 12,
        "participants_non_german": 8,
        "participants_special_needs": 2,
        "participants_no_qualification": 5,
        "entries": 14,
        "completions": 10,
        "dropouts": 2,
        "destination_dual": 6,
        "destination_school_vet": 1,
        "destination_transition": 3,
        "destination_unknown": 2,
        "qualification_first": 7,
        "qualification_intermediate": 4,
        "qualification_unknown": 1,
        "note": "",
        "submit": "1",
    }
    for code in (
        "upper_secondary",
        "general_school",
        "higher_ed",
        "rehab",
        "service",
        "work",
        "neet",
        "other",
    ):
        data.setdefault(f"destination_{code}", 0)
    for code in ("none", "advanced_technical", "abitur"):
        data.setdefault(f"qualification_{code}", 0)
    data.update(overrides)
    return data


def test_a_partner_files_its_half_year_report_and_the_coordinator_sees_completeness(
    client, cast, period, second_offering
):
    client.force_login(cast.partner)
    page = client.get(f"{Q}/berichte/{period.pk}/").content.decode()
    assert "1 von 2 Berichten eingereicht" in page
    url = f"{Q}/berichte/{period.pk}/angebote/{second_offering.pk}/"
    # Destinations that do not add up to the leavers are refused, nothing saved.
    response = client.post(url, report_data(destination_unknown=0))
    assert response.status_code == 200
    assert "Der Verbleib ist für 10 Personen angegeben, beendet haben 12." in response.content.decode()
    assert not PartnerReport.objects.filter(offering=second_offering).exists()
    client.post(url, report_data())
    report = PartnerReport.objects.get(offering=second_offering)
    assert report.status == PartnerReport.Status.SUBMITTED and report.leavers == 12
    assert report.destinations == {"dual": 6, "school_vet": 1, "transition": 3, "unknown": 2}
    assert report.qualifications == {"first": 7, "intermediate": 4, "unknown": 1}
    client.force_login(cast.coordinator)
    page = client.get(f"{Q}/berichte/{period.pk}/").content.decode()
    assert "2 von 2 Berichten eingereicht" in page and "Bewerbungstraining" in page


def test_resaving_a_submitted_report_unchanged_records_nothing(client, cast, period):
    client.force_login(cast.partner)
    report = PartnerReport.objects.get(period=period)
    url = f"{Q}/berichte/{period.pk}/angebote/{report.offering_id}/"
    before = AuditEvent.objects.count()
    data = report_data(
        participants=20,
        participants_female=0,
        participants_non_german=0,
        participants_special_needs=0,
        participants_no_qualification=0,
        entries=0,
        completions=13,
        dropouts=2,
        destination_dual=7,
        destination_school_vet=0,
        destination_transition=6,
        destination_unknown=2,
        qualification_first=9,
        qualification_intermediate=6,
        qualification_unknown=0,
        note=report.note,
    )
    assert client.post(url, data).status_code == 302
    assert AuditEvent.objects.count() == before


def test_a_new_period_asks_the_providers_by_mail(client, cast):
    client.force_login(cast.coordinator)
    mail.outbox.clear()
    client.post(
        f"{Q}/berichte/neu/",
        {
            "title": "2. Halbjahr 2026",
            "start": "2026-07-01",
            "end": "2026-12-31",
            "due_on": "2027-01-31",
            "offerings": [cast.offerings_a.published.pk],
        },
    )
    assert ReportingPeriod.objects.filter(tenant=cast.tenant_a, title="2. Halbjahr 2026").exists()
    assert [m.to for m in mail.outbox] == [[cast.partner.email]]


def test_a_partner_reports_only_for_its_own_offerings(client, cast, period):
    other = create_organisation(cast.tenant_a, "Anderer Träger")
    foreign = Offering.objects.create(
        tenant=cast.tenant_a,
        provider=other,
        title="Fremdes Angebot",
        short_description="x",
        status="published",
    )
    period.offerings.add(foreign)
    client.force_login(cast.partner)
    assert client.get(f"{Q}/berichte/{period.pk}/angebote/{foreign.pk}/").status_code == 404
    assert "Fremdes Angebot" not in client.get(f"{Q}/berichte/{period.pk}/").content.decode()
    client.force_login(cast.steering)
    assert client.get(f"{Q}/berichte/{period.pk}/angebote/{foreign.pk}/").status_code == 403
    client.force_login(cast.coordinator_b)
    assert client.get(f"/stadt-b/intern/qualitaet/berichte/{period.pk}/").status_code == 404
    client.force_login(cast.outsider)
    assert client.get(f"{Q}/berichte/").status_code == 403


def _workbook(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Halbjahr"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HEADER = [
    "Angebot",
    "Teilnehmende",
    "davon weiblich",
    "Eintritte",
    "regulär beendet",
    "vorzeitig beendet",
    "Verbleib: Duale Berufsausbildung",
    "Verbleib: Verbleib unbekannt",
    "Abschluss: nicht bekannt",
    "Bemerkung intern",
]


def test_an_office_workbook_with_title_rows_is_imported_and_ignored_columns_are_named(
    client, cast, period, second_offering
):
    data = _workbook(
        [
            ["Träger-Bericht Bildungswerk a"],
            [],
            HEADER,
            ["Bewerbungstraining", 25, 10, 9, 8, 1, 5, 4, 9, "nur für uns"],
        ]
    )
    client.force_login(cast.partner)
    response = client.post(
        f"{Q}/berichte/{period.pk}/import/",
        {"file": SimpleUploadedFile("bericht.xlsx", data)},
    )
    text = response.content.decode()
    assert "1 Bericht übernommen." in text
    assert "„Bemerkung intern“" in text  # the ignored column is named
    report = PartnerReport.objects.get(offering=second_offering)
    assert report.status == PartnerReport.Status.DRAFT
    assert (report.participants, report.participants_female, report.completions, report.dropouts) == (
        25,
        10,
        8,
        1,
    )
    assert report.destinations == {"dual": 5, "unknown": 4}


def test_nothing_is_imported_when_one_row_is_wrong(client, cast, period, second_offering):
    csv = (
        "Angebot;Teilnehmende;regulär beendet;vorzeitig beendet;Verbleib: Verbleib unbekannt;Abschluss: nicht bekannt\r\n"
        "Bewerbungstraining;10;2;0;2;2\r\n"
        "Kochkurs für Väter;5;1;0;1;1\r\n"
        f"{cast.offerings_a.published.title};3;5;0;5;5\r\n"
    ).encode("cp1252")
    client.force_login(cast.partner)
    before = PartnerReport.objects.count()
    text = client.post(
        f"{Q}/berichte/{period.pk}/import/", {"file": SimpleUploadedFile("bericht.csv", csv)}
    ).content.decode()
    assert "Nichts übernommen" in text
    assert "Zeile 3: „Kochkurs für Väter“ ist keines der Angebote" in text
    assert "Zeile 4:" in text and "Mehr als die Teilnehmenden" in text
    assert PartnerReport.objects.count() == before


def test_a_file_that_is_no_table_gets_a_message(client, cast, period):
    client.force_login(cast.partner)
    response = client.post(
        f"{Q}/berichte/{period.pk}/import/",
        {"file": SimpleUploadedFile("bericht.xlsx", b"PK\x03\x04 kaputt")},
    )
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Angaben." in response.content.decode()


def test_a_partner_without_reporting_rights_is_refused_the_import(client, cast, period):
    user = create_user("steuer2@a.example.org")
    create_membership(user, cast.tenant_a, "steering")
    client.force_login(user)
    assert client.get(f"{Q}/berichte/{period.pk}/import/").status_code == 403
