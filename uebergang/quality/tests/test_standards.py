"""Quality standards: criteria in a draft, putting a version in force, new versions that keep the old
reviews readable; who may keep them."""

from __future__ import annotations

import pytest

from uebergang.audit.models import AuditEvent
from uebergang.quality.models import Criterion, Review, Standard

Q = "/kreis-a/intern/qualitaet"


def test_a_coordinator_builds_a_standard_and_puts_it_in_force(client, cast):
    client.force_login(cast.coordinator)
    response = client.post(
        f"{Q}/standards/neu/",
        {"title": "Ausbildungslotsen", "subject": "school", "description": "", "review_cycle_months": 24},
    )
    standard = Standard.objects.get(tenant=cast.tenant_a, title="Ausbildungslotsen")
    assert response.url == f"{Q}/standards/{standard.pk}/"
    assert standard.status == Standard.Status.DRAFT and standard.version == 1
    # In force without a criterion? Refused with a message, nothing changes.
    response = client.post(f"{Q}/standards/{standard.pk}/in-kraft/", follow=True)
    assert "mindestens ein Kriterium" in response.content.decode()
    standard.refresh_from_db()
    assert standard.status == Standard.Status.DRAFT
    client.post(
        f"{Q}/standards/{standard.pk}/kriterien/neu/",
        {
            "position": 1,
            "title": "Feste Sprechzeit an der Schule",
            "indicators": "wöchentlich",
            "evidence_required": "",
        },
    )
    client.post(f"{Q}/standards/{standard.pk}/in-kraft/")
    standard.refresh_from_db()
    assert standard.status == Standard.Status.ACTIVE and standard.activated_at is not None
    page = client.get(f"{Q}/standards/{standard.pk}/").content.decode()
    assert "Feste Sprechzeit an der Schule" in page and "Neue Fassung entwerfen" in page
    assert AuditEvent.objects.filter(object_type="quality.standard", object_id=str(standard.pk)).count() == 2


def test_a_new_version_copies_the_criteria_and_retires_the_old_one_only_when_in_force(client, cast):
    client.force_login(cast.coordinator)
    v1 = Standard.objects.get(tenant=cast.tenant_a, title="Berufsorientierung", version=1)
    Standard.objects.filter(predecessor=v1).delete()  # the cast's draft: start from the standard in force
    review = Review.objects.get(tenant=cast.tenant_a, standard=v1)
    response = client.post(f"{Q}/standards/{v1.pk}/neue-fassung/")
    v2 = Standard.objects.get(predecessor=v1)
    assert response.url == f"{Q}/standards/{v2.pk}/"
    assert v2.version == 2 and v2.status == Standard.Status.DRAFT
    assert [c.title for c in v2.criteria.all()] == [c.title for c in v1.criteria.all()]
    # A second draft of the same version is refused.
    client.post(f"{Q}/standards/{v1.pk}/neue-fassung/")
    assert Standard.objects.filter(predecessor=v1).count() == 1
    # Criteria of the version in force cannot change; the draft's can.
    criterion_v1 = v1.criteria.get()
    response = client.post(
        f"{Q}/kriterien/{criterion_v1.pk}/bearbeiten/", {"position": 1, "title": "anders"}, follow=True
    )
    assert "neuen Fassung" in response.content.decode()
    criterion_v1.refresh_from_db()
    assert criterion_v1.title == "Praxisphasen in Betrieben"
    criterion_v2 = v2.criteria.get()
    client.post(
        f"{Q}/kriterien/{criterion_v2.pk}/bearbeiten/",
        {"position": 1, "title": "Praxisphasen mit Auswertung", "indicators": "", "evidence_required": ""},
    )
    client.post(f"{Q}/standards/{v2.pk}/in-kraft/")
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.status, v2.status) == (Standard.Status.RETIRED, Standard.Status.ACTIVE)
    # The old review still reads against version 1 and its criterion.
    page = client.get(f"{Q}/ueberpruefungen/{review.pk}/").content.decode()
    assert "nach Fassung 1" in page and "Praxisphasen in Betrieben" in page
    assert "Praxisphasen mit Auswertung" not in page


def test_another_standard_may_not_take_a_title_in_use(client, cast):
    client.force_login(cast.coordinator)
    response = client.post(
        f"{Q}/standards/neu/",
        {"title": "Berufsorientierung", "subject": "offering", "description": "", "review_cycle_months": 12},
    )
    assert response.status_code == 200
    assert "Es gibt schon einen Standard mit diesem Titel." in response.content.decode()
    assert Standard.objects.filter(tenant=cast.tenant_a, title="Berufsorientierung").count() == 2


@pytest.mark.parametrize("who", ["partner", "steering", "case_worker"])
def test_only_coordinators_keep_standards(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.post(f"{Q}/standards/neu/", {"title": "X"}).status_code == 403
    draft = Standard.objects.get(tenant=cast.tenant_a, version=2)
    assert client.post(f"{Q}/standards/{draft.pk}/in-kraft/").status_code == 403
    assert Criterion.objects.filter(standard=draft).count() == 1


def test_another_tenant_and_an_outsider_are_refused(client, cast):
    draft = Standard.objects.get(tenant=cast.tenant_a, version=2)
    client.force_login(cast.coordinator_b)
    assert client.get(f"{Q}/standards/{draft.pk}/").status_code == 403
    assert client.get(f"/stadt-b/intern/qualitaet/standards/{draft.pk}/").status_code == 404
    client.force_login(cast.outsider)
    assert client.get(f"{Q}/standards/").status_code == 403
