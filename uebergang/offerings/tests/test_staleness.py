"""Stale offerings: the staleness list, "checked", provider reminders by e-mail (command and button)."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from uebergang.accounts.models import Membership
from uebergang.audit.models import AuditEvent
from uebergang.offerings.models import CatalogueSettings, Offering
from uebergang.offerings.staleness import checked_before, reminders_due
from uebergang.test import create_membership, create_organisation, create_user

from .test_workspace import LIST, login

STALE = LIST + "veraltet/"


def months_ago(months: int) -> date:
    return checked_before(timezone.localdate(), months)


def make_stale(offering, months: int = 13) -> None:
    Offering.objects.filter(pk=offering.pk).update(last_checked=months_ago(months))


def remind(*args) -> str:
    out = StringIO()
    call_command("send_offering_reminders", *args, "--base-url", "https://uebergang.example.org", stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    "today, months, expected",
    [
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2024, 3, 31), 1, date(2024, 2, 29)),
        (date(2026, 1, 15), 12, date(2025, 1, 15)),
        (date(2026, 1, 15), 13, date(2024, 12, 15)),
    ],
)
def test_checked_before_counts_calendar_months(today, months, expected):
    assert checked_before(today, months) == expected


# The list --------------------------------------------------------------------------------------------


def test_the_staleness_list_shows_published_offerings_checked_too_long_ago(client, cast):
    published, draft = cast.offerings_a.published, cast.offerings_a.draft
    make_stale(published)
    make_stale(draft)
    make_stale(cast.offerings_b.published)
    login(client, cast, "coordinator")
    page = client.get(STALE).content.decode()
    assert published.title in page and cast.network_a.organisation.name in page
    assert draft.title not in page  # drafts are not public, so not stale
    assert cast.offerings_b.published.title not in page
    assert "1 veraltetes Angebot" in page and "12 Monate" in page
    assert "Erinnerungen senden" in page


def test_the_review_interval_decides_what_is_stale(client, cast):
    make_stale(cast.offerings_a.published, months=4)
    login(client, cast, "coordinator")
    assert "Kein Angebot ist veraltet." in client.get(STALE).content.decode()
    CatalogueSettings.objects.create(tenant=cast.tenant_a, review_interval_months=3)
    assert cast.offerings_a.published.title in client.get(STALE).content.decode()


def test_never_checked_offerings_are_stale(client, cast):
    Offering.objects.filter(pk=cast.offerings_a.published.pk).update(last_checked=None)
    login(client, cast, "coordinator")
    page = client.get(STALE).content.decode()
    assert cast.offerings_a.published.title in page and "nie" in page


@pytest.mark.parametrize(
    "who", ["partner", "case_worker", "steering", "coordinator_b", "association", "outsider"]
)
def test_only_coordinators_of_a_see_the_list_and_send_reminders(client, cast, who):
    make_stale(cast.offerings_a.published)
    login(client, cast, who)
    assert client.get(STALE).status_code == 403
    assert client.post(STALE + "erinnern/").status_code == 403
    assert mail.outbox == []


# Marking as checked ----------------------------------------------------------------------------------


def test_a_partner_confirms_its_offering_is_current_without_a_review(client, cast):
    published = cast.offerings_a.published
    make_stale(published)
    login(client, cast, "partner")
    response = client.post(f"{LIST}{published.pk}/geprueft/")
    assert response.status_code == 302 and response.url == f"{LIST}{published.pk}/"
    published.refresh_from_db()
    assert published.last_checked == timezone.localdate()
    assert published.title == "Bewerbungstraining a" and published.status == Offering.Status.PUBLISHED
    assert AuditEvent.objects.filter(object_id=str(published.pk), data__step="checked").exists()
    login(client, cast, "coordinator")
    assert "Kein Angebot ist veraltet." in client.get(STALE).content.decode()


def test_the_coordinator_marks_checked_from_the_list_and_returns_to_it(client, cast):
    make_stale(cast.offerings_a.published)
    login(client, cast, "coordinator")
    response = client.post(f"{LIST}{cast.offerings_a.published.pk}/geprueft/", {"next": "stale"})
    assert response.url == STALE


def test_checked_needs_the_right_to_edit_that_offering(client, cast):
    stranger = create_organisation(cast.tenant_a, "Fremder Träger")
    theirs = Offering.objects.create(
        tenant=cast.tenant_a,
        provider=stranger,
        status=Offering.Status.PUBLISHED,
        title="Fremdes Angebot",
        short_description="x",
    )
    login(client, cast, "partner")
    assert client.post(f"{LIST}{theirs.pk}/geprueft/").status_code == 404
    login(client, cast, "case_worker")
    assert client.post(f"{LIST}{cast.offerings_a.published.pk}/geprueft/").status_code == 403
    assert client.get(f"{LIST}{cast.offerings_a.published.pk}/geprueft/").status_code == 403
    login(client, cast, "coordinator")
    assert client.post(f"{LIST}{cast.offerings_b.published.pk}/geprueft/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.last_checked is None


# Reminders -------------------------------------------------------------------------------------------


def test_the_command_mails_each_provider_once_with_links_to_its_stale_offerings(cast):
    organisation = cast.network_a.organisation
    second = Offering.objects.create(
        tenant=cast.tenant_a,
        provider=organisation,
        status=Offering.Status.PUBLISHED,
        title="Zweites altes Angebot",
        short_description="x",
    )
    make_stale(cast.offerings_a.published)
    make_stale(second)
    output = remind("--tenant", "kreis-a")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([organisation.email, cast.partner.email])
    assert "Bitte prüfen Sie Ihre 2 Angebote" in message.subject and "Kreis Alpha" in message.subject
    assert "Bewerbungstraining a" in message.body and "Zweites altes Angebot" in message.body
    assert f"https://uebergang.example.org/kreis-a/intern/angebote/{second.pk}/" in message.body
    assert "Als geprüft markieren" in message.body
    assert "gesendet" in output and organisation.name in output and "1 Erinnerung(en) gesendet" in output
    for offering in (cast.offerings_a.published, second):
        offering.refresh_from_db()
        assert offering.reminder_sent_at is not None
    assert AuditEvent.objects.filter(data__step="reminded", object_id=str(organisation.pk)).exists()


def test_a_provider_is_reminded_at_most_once_per_interval(cast):
    make_stale(cast.offerings_a.published)
    remind()
    remind()
    assert len(mail.outbox) == 1
    Offering.objects.filter(pk=cast.offerings_a.published.pk).update(
        reminder_sent_at=timezone.now() - timedelta(days=400)
    )
    remind()
    assert len(mail.outbox) == 2


def test_a_dry_run_sends_and_writes_nothing(cast):
    make_stale(cast.offerings_a.published)
    output = remind("--dry-run")
    assert mail.outbox == []
    assert "würde gesendet" in output and "Probelauf" in output
    cast.offerings_a.published.refresh_from_db()
    assert cast.offerings_a.published.reminder_sent_at is None


def test_recipients_are_the_organisation_and_its_active_partners_only(cast):
    make_stale(cast.offerings_a.published)
    organisation = cast.network_a.organisation
    gone = create_user("ehemalig@a.example.org", is_active=False)
    create_membership(gone, cast.tenant_a, Membership.Role.PARTNER)
    Membership.objects.filter(user=gone).update(organisation=organisation)
    elsewhere = create_user("anderswo@a.example.org")
    create_membership(elsewhere, cast.tenant_a, Membership.Role.PARTNER)
    (reminder,) = reminders_due(cast.tenant_a)
    assert reminder.recipients == sorted([organisation.email, cast.partner.email])


def test_providers_without_any_address_are_reported_and_stay_due(cast):
    lonely = create_organisation(cast.tenant_a, "Verein ohne Adresse")
    Offering.objects.create(
        tenant=cast.tenant_a,
        provider=lonely,
        status=Offering.Status.PUBLISHED,
        title="Angebot ohne Kontakt",
        short_description="x",
    )
    output = remind("--tenant", "kreis-a")
    assert "Verein ohne Adresse – NICHT gesendet (keine E-Mail-Adresse)" in output
    assert mail.outbox == []
    assert reminders_due(cast.tenant_a)[0].organisation == lonely


def test_without_tenant_the_command_covers_every_tenant(cast):
    make_stale(cast.offerings_a.published)
    make_stale(cast.offerings_b.published)
    remind()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [cast.network_a.organisation.email, cast.network_b.organisation.email]
    )
    assert all("Bewerbungstraining b" not in m.body for m in mail.outbox if cast.partner.email in m.to)


def test_an_unknown_tenant_is_an_error(cast):
    with pytest.raises(CommandError, match="Keine aktive Kommune"):
        remind("--tenant", "gibt-es-nicht")


def test_the_button_sends_the_reminders_of_this_tenant(client, cast):
    make_stale(cast.offerings_a.published)
    make_stale(cast.offerings_b.published)
    login(client, cast, "coordinator")
    response = client.post(STALE + "erinnern/", follow=True)
    page = response.content.decode()
    assert "1 Erinnerung(en) versandt an: Bildungswerk a." in page
    assert len(mail.outbox) == 1 and cast.partner.email in mail.outbox[0].to
    assert "http://testserver/kreis-a/intern/angebote/" in mail.outbox[0].body
    response = client.post(STALE + "erinnern/", follow=True)
    assert "Keine Erinnerung fällig" in response.content.decode()
    assert len(mail.outbox) == 1
