"""A task or a referral assigned to someone reaches them by e-mail — at once, in a daily digest or not at
all, as each person chose in their account; mails carry a link, never a young person's data."""

from __future__ import annotations

from django.core.management import call_command

from uebergang.accounts.models import Membership
from uebergang.cases.actions import refer
from uebergang.cases.models import DataCategory
from uebergang.network.models import Task
from uebergang.notifications.models import Pending, Preference

Role = Membership.Role


def new_task(client, cast, user, title="Bericht an den Jugendhilfeausschuss"):
    meeting = cast.network_a.meeting
    response = client.post(
        f"/kreis-a/intern/sitzungen/{meeting.pk}/aufgaben/neu/",
        {"title": title, "description": "", "responsible_user": user.pk, "due_date": "2027-03-01"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Task.objects.get(title=title)


def test_a_new_task_mails_the_responsible_person_at_once(client, cast, smtp, settings):
    settings.SITE_URL = "https://uebergang.example.org"
    steering = cast.members_a[Role.STEERING]
    client.force_login(cast.coordinator)
    task = new_task(client, cast, steering)
    ((to, message),) = smtp.messages
    assert to == [steering.email]
    assert "Neue Aufgabe: Bericht an den Jugendhilfeausschuss" in str(message["Subject"])
    body = message.get_body().get_content()
    assert (
        f"https://uebergang.example.org/kreis-a/intern/aufgaben/{task.pk}/" in body and "1. März 2027" in body
    )


def test_a_daily_person_gets_one_digest_and_an_off_person_nothing(client, cast, smtp):
    steering, partner = cast.members_a[Role.STEERING], cast.members_a[Role.PARTNER]
    Preference.objects.create(user=steering, mode=Preference.Mode.DAILY)
    Preference.objects.create(user=partner, mode=Preference.Mode.OFF)
    client.force_login(cast.coordinator)
    new_task(client, cast, steering, "Erste Aufgabe")
    new_task(client, cast, steering, "Zweite Aufgabe")
    new_task(client, cast, partner, "Dritte Aufgabe")
    assert smtp.messages == [] and Pending.objects.filter(user=steering).count() == 2
    call_command("send_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    ((to, message),) = smtp.messages
    assert to == [steering.email] and "2 neue Benachrichtigungen" in str(message["Subject"])
    body = message.get_body().get_content()
    assert "Erste Aufgabe" in body and "Zweite Aufgabe" in body and "Dritte Aufgabe" not in body
    call_command("send_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(smtp.messages) == 1  # nothing is sent twice


def test_a_referral_tells_the_providers_people_without_any_personal_data(cast, smtp):
    cases = cast.cases_a
    partner = cast.members_a[Role.PARTNER]
    Membership.objects.filter(user=partner, tenant=cast.tenant_a).update(
        organisation=cases.referral.offering.provider
    )
    refer(
        case=cases.case,
        offering=cases.referral.offering,
        categories={DataCategory.CONTACT},
        actor=cast.members_a[Role.CASE_WORKER],
    )
    ((to, message),) = smtp.messages
    assert to == [partner.email] and "neue Überleitung" in str(message["Subject"])
    text = str(message["Subject"]) + message.get_body().get_content()
    for personal in (cases.case.first_name, cases.case.last_name, cases.case.email, cases.case.phone):
        assert personal and personal not in text
    assert "/kreis-a/intern/ueberleitungen/" in text


def test_each_person_chooses_in_their_account(client, cast):
    user = cast.members_a[Role.STEERING]
    client.force_login(user)
    assert "sofort, je eine E-Mail" in client.get("/konto/benachrichtigungen/").content.decode()
    assert client.post("/konto/benachrichtigungen/", {"mode": "daily"}).status_code == 302
    assert Preference.objects.get(user=user).mode == "daily"
    refused = client.post("/konto/benachrichtigungen/", {"mode": "stündlich"})
    assert refused.status_code == 200 and "<title>Fehler:" in refused.content.decode()
    client.logout()
    assert client.get("/konto/benachrichtigungen/").status_code == 302  # to the login


def test_a_person_chooses_per_kind_tasks_at_once_referrals_in_the_digest(client, cast, smtp):
    partner = cast.partner
    client.force_login(partner)
    page = client.get("/konto/benachrichtigungen/").content.decode()
    assert "Überleitungen an meine Organisation" in page and "wie die Grundeinstellung" in page
    client.post(
        "/konto/benachrichtigungen/",
        {"mode": "immediate", "kind_tasks": "", "kind_referrals": "daily", "kind_conferences": "off"},
    )
    preference = Preference.objects.get(user=partner)
    assert preference.by_kind == {"referrals": "daily", "conferences": "off"}
    assert (
        client.post("/konto/benachrichtigungen/", {"mode": "immediate", "kind_tasks": "nie"}).status_code
        == 200
    )
    refer(
        case=cast.cases_a.case,
        offering=cast.offerings_a.published,
        categories={DataCategory.NAME},
        actor=cast.case_worker,
    )
    assert Pending.objects.filter(user=partner, sent_at__isnull=True).count() == 1  # waits for the digest
    assert not [m for to, m in smtp.messages if partner.email in to]
    client.force_login(cast.coordinator)
    new_task(client, cast, partner)
    assert [m for to, m in smtp.messages if partner.email in to]  # tasks: the default, at once
