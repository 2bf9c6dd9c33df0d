"""Resources: funding sums by source, Rechtskreis, phase and region; funding running out; staff in FTE."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from uebergang.audit.models import AuditEvent
from uebergang.network.models import BodyMembership
from uebergang.planning.models import FundingAmount, FundingLine, Measure, StaffPosition
from uebergang.planning.resources import (
    ending_without_follow_up,
    funding_overview,
    months_later,
    staff_by_organisation,
)
from uebergang.test import create_organisation

URL = "/kreis-a/intern/ressourcen/"


def add_line(cast, *, amount, year=2026, offering=None, measure=None, **fields) -> FundingLine:
    fields.setdefault("source", "municipal")
    fields.setdefault("start", datetime.date(2026, 1, 1))
    line = FundingLine.objects.create(tenant=cast.tenant_a, offering=offering, measure=measure, **fields)
    FundingAmount.objects.create(line=line, year=year, amount=Decimal(amount))
    return line


def test_months_later_keeps_the_end_of_short_months():
    assert months_later(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)
    assert months_later(datetime.date(2026, 1, 15), 6) == datetime.date(2026, 7, 15)


def test_sums_by_source_rechtskreis_phase_and_region(cast):
    offering = cast.offerings_a.published  # Land 48 000 in 2026 (cast), phase Sek I–Ausbildung
    offering.legal_sphere = "sgb3"
    offering.save(update_fields=["legal_sphere"])
    cast.network_a.organisation.region = cast.region_a
    cast.network_a.organisation.save(update_fields=["region"])
    add_line(cast, amount="12000", offering=offering, source="esf_plus")
    add_line(cast, amount="5000", measure=Measure.objects.for_tenant(cast.tenant_a).get())
    add_line(cast, amount="999", year=2025, offering=offering)  # another year
    overview = funding_overview(cast.tenant_a, 2026)
    assert overview.total == Decimal("65000")
    assert dict(overview.by_source.rows) == {"Land": 48000, "ESF Plus": 12000, "Kommune": 5000}
    assert dict(overview.by_legal_sphere.rows) == {
        "SGB III (Arbeitsförderung)": 60000,
        "Maßnahme des Arbeitsplans": 5000,
    }
    assert dict(overview.by_phase.rows)["Sek I–Ausbildung"] == 60000
    assert dict(overview.by_region.rows) == {"West": 65000}  # the measure's owner is the same provider
    assert funding_overview(cast.tenant_b, 2026).total == Decimal("48000")  # B's own cast line only


def test_ending_soon_leaves_out_follow_ups_statutory_and_ended_lines(cast):
    today = datetime.date(2026, 3, 1)
    offering = cast.offerings_a.published
    soon = add_line(cast, amount="1", offering=offering, programme="Pilot", end=datetime.date(2026, 8, 31))
    follow = add_line(cast, amount="1", offering=offering, programme="Regel", start=datetime.date(2026, 9, 1))
    followed = add_line(cast, amount="1", offering=offering, end=datetime.date(2026, 6, 30), follow_up=follow)
    statutory = add_line(
        cast, amount="1", offering=offering, end=datetime.date(2026, 5, 1), is_statutory=True
    )
    ended = add_line(cast, amount="1", offering=offering, end=datetime.date(2026, 5, 1), status="ended")
    later = add_line(cast, amount="1", offering=offering, end=datetime.date(2026, 9, 2))
    ending = ending_without_follow_up(cast.tenant_a, today)
    assert soon in ending
    assert not {followed, statutory, ended, later, follow} & set(ending)


def test_staff_adds_own_positions_and_delegated_body_seats(cast):
    today = timezone.localdate()
    organisation = cast.network_a.organisation  # 0.75 FTE Ausbildungslotse (cast)
    BodyMembership.objects.filter(pk=cast.network_a.body_membership.pk).update(fte=Decimal("0.2"))
    StaffPosition.objects.create(
        tenant=cast.tenant_a,
        organisation=organisation,
        title="Früher",
        fte=1,
        end=today - datetime.timedelta(days=1),
    )
    school = create_organisation(cast.tenant_a, "Schule ohne Stelle")
    BodyMembership.objects.create(body=cast.network_a.body, organisation=school, fte=Decimal("0.1"))
    rows = {row.organisation: row for row in staff_by_organisation(cast.tenant_a, today)}
    assert (rows[organisation].own, rows[organisation].delegated, rows[organisation].total) == (
        Decimal("0.75"),
        Decimal("0.2"),
        Decimal("0.95"),
    )
    assert rows[school].total == Decimal("0.1")


def test_steering_reads_the_overview_in_german_number_format(client, cast):
    client.force_login(cast.steering)
    page = client.get(f"{URL}?jahr=2026").content.decode()
    assert "48.000 €" in page and "Land" in page and "Landesprogramm Übergang" in page
    assert "0,75" in page  # the Ausbildungslotse
    assert "Förderung anlegen" not in page
    assert client.get(f"{URL}?jahr=kaputt").status_code == 200


@pytest.mark.parametrize("who, status", [("partner", 403), ("case_worker", 403), ("outsider", 403)])
def test_the_overview_is_for_coordinators_and_steering(client, cast, who, status):
    client.force_login(getattr(cast, who))
    assert client.get(URL).status_code == status


def test_tenant_b_does_not_see_a_s_money(client, cast):
    client.force_login(cast.coordinator_b)
    line = FundingLine.objects.for_tenant(cast.tenant_a).get()
    assert client.get(f"/stadt-b/intern/ressourcen/foerderungen/{line.pk}/").status_code == 404
    assert client.get(URL).status_code == 403


def test_the_coordinator_records_a_funding_line_with_yearly_amounts(client, cast):
    client.force_login(cast.coordinator)
    form = {
        "measure": Measure.objects.for_tenant(cast.tenant_a).get().pk,
        "source": "foundation",
        "programme": "Stiftung Zukunft",
        "start": "2026-01-01",
        "end": "2027-12-31",
        "status": "granted",
        "betraege-TOTAL_FORMS": 3,
        "betraege-INITIAL_FORMS": 0,
        "betraege-0-year": 2026,
        "betraege-0-amount": "20000",
        "betraege-1-year": 2027,
        "betraege-1-amount": "22000.50",
    }
    response = client.post(f"{URL}foerderungen/neu/", form)
    assert response.status_code == 302
    line = FundingLine.objects.for_tenant(cast.tenant_a).get(programme="Stiftung Zukunft")
    assert [(a.year, a.amount) for a in line.amounts.all()] == [(2026, 20000), (2027, Decimal("22000.50"))]
    event = AuditEvent.objects.get(object_type="planning.fundingline", object_id=str(line.pk))
    assert event.data["amounts"] == {"2026": "20000.00", "2027": "22000.50"}


def test_a_funding_line_needs_exactly_one_funded_thing_and_unique_years(client, cast):
    client.force_login(cast.coordinator)
    form = {
        "source": "state",
        "start": "2026-01-01",
        "status": "granted",
        "betraege-TOTAL_FORMS": 2,
        "betraege-INITIAL_FORMS": 0,
        "betraege-0-year": 2026,
        "betraege-0-amount": "1",
        "betraege-1-year": 2026,
        "betraege-1-amount": "2",
    }
    page = client.post(f"{URL}foerderungen/neu/", form).content.decode()
    assert "Bitte genau ein Angebot oder eine Maßnahme wählen." in page
    form["offering"] = cast.offerings_a.published.pk
    page = client.post(f"{URL}foerderungen/neu/", form).content.decode()
    assert "doppelten" in page
    assert FundingLine.objects.for_tenant(cast.tenant_a).count() == 1


def test_volunteers_are_kept_per_programme_and_year_and_summed_by_kind(client, cast):
    from uebergang.planning.models import VolunteerProgramme

    client.force_login(cast.coordinator)
    url = "/kreis-a/intern/ressourcen/ehrenamt/neu/"
    data = {
        "name": "Elternlotsen",
        "kind": "parent_advisers",
        "year": 2026,
        "volunteers": 7,
        "young_people": "",
    }
    assert client.post(url, data).status_code == 302
    duplicate = client.post(url, data).content.decode()
    assert "Für dieses Programm gibt es schon Zahlen für 2026." in duplicate
    client.post(url, {**data, "name": "Ausbildungspaten zwei", "kind": "mentors", "volunteers": 3})
    page = client.get("/kreis-a/intern/ressourcen/").content.decode()
    assert "Elternlotsen 2026" in page and "7 Ehrenamtliche" in page
    from uebergang.planning.resources import volunteers_by_kind

    mentors = next(row for row in volunteers_by_kind(cast.tenant_a) if row["kind"] == "mentors")
    assert (mentors["programmes"], mentors["volunteers"], mentors["young_people"]) == (2, 15, 30)
    assert VolunteerProgramme.objects.for_tenant(cast.tenant_b).count() == 1  # tenant B's own, untouched
    client.force_login(cast.steering)
    assert client.post(url, {**data, "name": "Fremd"}).status_code == 403
    client.force_login(cast.coordinator_b)
    programme = VolunteerProgramme.objects.for_tenant(cast.tenant_a).get(name="Elternlotsen")
    assert client.get(f"/stadt-b/intern/ressourcen/ehrenamt/{programme.pk}/").status_code == 404
