"""Reviews and self-evaluations: a provider rates its own offering, submits; the office completes it and
agrees follow-up actions; round trips change nothing; who sees and who writes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from uebergang.audit.models import AuditEvent
from uebergang.network.models import Task
from uebergang.quality.models import Rating, Review, Standard
from uebergang.quality.reminders import cycle_due
from uebergang.test import create_membership, create_organisation, create_school_review, create_user

Q = "/kreis-a/intern/qualitaet"


@pytest.fixture
def review(cast):
    return Review.objects.get(tenant=cast.tenant_a, kind=Review.Kind.SELF)


def rating_data(review, level="met", evidence="Liste der Praktika 2026", summary=""):
    criterion = review.standard.criteria.get()
    return {f"level_{criterion.pk}": level, f"evidence_{criterion.pk}": evidence, "summary": summary}


def test_the_provider_rates_submits_and_the_office_completes(client, cast, review):
    Rating.objects.filter(review=review).delete()
    client.force_login(cast.partner)
    page = client.get(f"{Q}/ueberpruefungen/{review.pk}/").content.decode()
    assert "Bewertungen speichern" in page and "Praxisphasen in Betrieben" in page
    # Submitting before every criterion is rated is refused.
    response = client.post(f"{Q}/ueberpruefungen/{review.pk}/einreichen/", follow=True)
    assert "Noch nicht bewertet: Praxisphasen in Betrieben" in response.content.decode()
    client.post(f"{Q}/ueberpruefungen/{review.pk}/", rating_data(review, summary="Gut unterwegs."))
    rating = Rating.objects.get(review=review)
    assert (rating.level, rating.evidence) == ("met", "Liste der Praktika 2026")
    mail.outbox.clear()
    client.post(f"{Q}/ueberpruefungen/{review.pk}/einreichen/")
    review.refresh_from_db()
    assert review.status == Review.Status.SUBMITTED and review.submitted_by == cast.partner
    assert [m.to for m in mail.outbox] == [[cast.coordinator.email]]
    assert "Selbstevaluation eingereicht" in mail.outbox[0].subject
    # After submitting, the provider reads but no longer rates.
    page = client.get(f"{Q}/ueberpruefungen/{review.pk}/").content.decode()
    assert "Bewertungen speichern" not in page and "Liste der Praktika 2026" in page
    assert client.post(f"{Q}/ueberpruefungen/{review.pk}/", rating_data(review, "not_met")).status_code == 403
    client.force_login(cast.coordinator)
    client.post(f"{Q}/ueberpruefungen/{review.pk}/abschliessen/")
    review.refresh_from_db()
    assert review.status == Review.Status.COMPLETED and review.score == 100
    changes = AuditEvent.objects.filter(object_type="quality.review", object_id=str(review.pk))
    assert changes.count() == 3  # ratings, submitted, completed


def test_saving_the_ratings_unchanged_records_nothing(client, cast, review):
    client.force_login(cast.partner)
    criterion = review.standard.criteria.get()
    data = {
        f"level_{criterion.pk}": "partly",
        f"evidence_{criterion.pk}": "Praktikumsliste",
        "summary": review.summary,
    }
    before = AuditEvent.objects.count()
    assert client.post(f"{Q}/ueberpruefungen/{review.pk}/", data).status_code == 302
    assert AuditEvent.objects.count() == before


def test_follow_up_actions_are_tasks_of_the_review_and_never_in_a_bodys_list(client, cast, review):
    client.force_login(cast.coordinator)
    mail.outbox.clear()
    response = client.post(
        f"{Q}/ueberpruefungen/{review.pk}/folgemassnahmen/neu/",
        {
            "title": "Betriebe für Praktika gewinnen",
            "responsible_user": cast.partner.pk,
            "due_date": "2027-03-31",
        },
    )
    assert response.status_code == 302
    task = Task.objects.get(title="Betriebe für Praktika gewinnen")
    assert task.quality_review == review and task.body is None
    assert [m.to for m in mail.outbox] == [[cast.partner.email]]
    assert not Task.objects.for_tenant(cast.tenant_a).filter(pk=task.pk).exists()  # no body's list shows it
    # Without anyone responsible: refused with a message.
    response = client.post(
        f"{Q}/ueberpruefungen/{review.pk}/folgemassnahmen/neu/", {"title": "Niemandes Sache"}
    )
    assert "wer für die Folgemaßnahme verantwortlich ist" in response.content.decode()
    # The responsible person moves it on; the steering group may not.
    client.force_login(cast.steering)
    assert client.post(f"{Q}/folgemassnahmen/{task.pk}/stand/", {"status": "done"}).status_code == 404
    client.force_login(cast.partner)
    client.post(f"{Q}/folgemassnahmen/{task.pk}/stand/", {"status": "in_progress"})
    task.refresh_from_db()
    assert task.status == "in_progress"


def test_a_partner_of_another_provider_sees_no_review_of_this_offering(client, cast, review):
    other = create_organisation(cast.tenant_a, "Anderer Träger")
    user = create_user("anders@a.example.org")
    membership = create_membership(user, cast.tenant_a, "partner")
    membership.organisation = other
    membership.save(update_fields=["organisation"])
    client.force_login(user)
    assert client.get(f"{Q}/ueberpruefungen/{review.pk}/").status_code == 404
    assert "Bildungswerk a" not in client.get(f"{Q}/ueberpruefungen/").content.decode()
    assert client.post(f"{Q}/ueberpruefungen/{review.pk}/einreichen/").status_code == 404


def test_the_steering_group_reads_but_does_not_rate(client, cast, review):
    client.force_login(cast.steering)
    page = client.get(f"{Q}/ueberpruefungen/{review.pk}/").content.decode()
    assert "Praktikumsliste" in page and "Bewertungen speichern" not in page
    assert client.post(f"{Q}/ueberpruefungen/{review.pk}/", rating_data(review)).status_code == 403


def test_another_tenant_and_an_outsider_are_refused(client, cast, review):
    client.force_login(cast.coordinator_b)
    assert client.get(f"/stadt-b/intern/qualitaet/ueberpruefungen/{review.pk}/").status_code == 404
    assert client.get(f"{Q}/ueberpruefungen/{review.pk}/").status_code == 403
    client.force_login(cast.outsider)
    assert client.get(f"{Q}/ueberpruefungen/").status_code == 403


def test_a_review_form_checks_the_subject_against_the_standard(client, cast):
    create_school_review(cast.tenant_a)
    client.force_login(cast.coordinator)
    standard = Standard.objects.get(tenant=cast.tenant_a, title="Berufsorientierung an Schulen")
    response = client.post(
        f"{Q}/ueberpruefungen/neu/",
        {
            "standard": standard.pk,
            "kind": "self",
            "offering": cast.offerings_a.published.pk,
            "year": 2026,
            "due_on": "2026-12-31",
        },
    )
    text = response.content.decode()
    assert "Dieser Standard gilt für Schulen" in text and "Bitte prüfen Sie Ihre Angaben." in text


def test_reminders_reach_the_raters_once_a_week(cast, review):
    review.due_on = date.today() + timedelta(days=5)
    review.save()
    mail.outbox.clear()
    call_command("quality_reminders", "--tenant", "kreis-a")
    subjects = [m.subject for m in mail.outbox]
    assert any(s.startswith("Bald fällig: Berufsorientierung") for s in subjects)
    assert [m.to for m in mail.outbox if m.subject.startswith("Bald fällig")] == [[cast.partner.email]]
    mail.outbox.clear()
    call_command("quality_reminders", "--tenant", "kreis-a")
    assert not [m for m in mail.outbox if m.subject.startswith("Bald fällig")]


def test_the_review_cycle_lists_schools_due_again(cast):
    create_school_review(cast.tenant_a)
    due = cycle_due(cast.tenant_a, date(2027, 1, 1))
    assert [(d.standard.title, d.subject) for d in due] == [
        ("Berufsorientierung an Schulen", "Realschule kreis-a")
    ]
    assert cycle_due(cast.tenant_a, date(2026, 6, 1)) == []
