from __future__ import annotations

import pytest
from django.core import mail

from uebergang.accounts.models import Membership, User
from uebergang.audit.models import AuditEvent

Action = AuditEvent.Action
TEAM = "/kreis-a/intern/team/"


@pytest.fixture
def coordinator_client(client, cast):
    client.force_login(cast.coordinator)
    return client


def test_coordinator_sees_the_team_of_their_tenant_only(
    coordinator_client, cast, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        page = coordinator_client.get(TEAM).content.decode()
    assert cast.partner.email in page and cast.steering.email in page
    assert cast.coordinator_b.email not in page


@pytest.mark.parametrize(
    "who", ["partner", "case_worker", "steering", "coordinator_b", "association", "outsider"]
)
def test_everyone_else_is_refused(client, cast, who):
    user = cast.members_a.get(who) or getattr(cast, who)
    client.force_login(user)
    assert client.get(TEAM).status_code == 403
    assert client.post(TEAM + "neu/", {"email": "x@example.org", "role": "coordinator"}).status_code == 403
    assert not User.objects.filter(email="x@example.org").exists()


def test_anonymous_is_sent_to_login(client, cast):
    response = client.get(TEAM)
    assert response.status_code == 302 and response.url.startswith("/konto/anmelden/")


def test_adding_a_new_person_sends_an_invitation_and_is_audited(
    coordinator_client, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            TEAM + "neu/", {"email": "Neu@A.example.org", "full_name": "Neue Person", "role": "partner"}
        )
    assert response.status_code == 302
    user = User.objects.get(email="neu@a.example.org")
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user).tenant == cast.tenant_a
    assert len(mail.outbox) == 1 and "/konto/passwort-neu/" in mail.outbox[0].body
    event = AuditEvent.objects.get(action=Action.ROLE_GRANTED)
    assert (
        event.tenant == cast.tenant_a
        and event.actor == cast.coordinator
        and event.data == {"role": "partner"}
    )


def test_an_existing_person_from_another_tenant_can_be_added_without_a_mail(
    coordinator_client, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            TEAM + "neu/", {"email": cast.coordinator_b.email, "full_name": "", "role": "steering"}
        )
    assert Membership.objects.filter(user=cast.coordinator_b, tenant=cast.tenant_a, role="steering").exists()
    assert mail.outbox == []


def test_a_member_cannot_be_added_twice(coordinator_client, cast):
    response = coordinator_client.post(
        TEAM + "neu/", {"email": cast.partner.email, "full_name": "", "role": "partner"}
    )
    assert "Diese Person gehört schon zum Team." in response.content.decode()
    assert Membership.objects.filter(user=cast.partner).count() == 1


def test_changing_a_role_is_audited(coordinator_client, cast):
    membership = Membership.objects.get(user=cast.partner)
    coordinator_client.post(f"{TEAM}{membership.pk}/", {"role": "steering"})
    membership.refresh_from_db()
    assert membership.role == "steering"
    event = AuditEvent.objects.get(action=Action.ROLE_CHANGED)
    assert event.data == {"from": "partner", "to": "steering"}
    assert event.object_id == str(membership.pk)


def test_revoking_a_role_is_audited(coordinator_client, cast):
    membership = Membership.objects.get(user=cast.partner)
    coordinator_client.post(f"{TEAM}{membership.pk}/", {"action": "remove"})
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.get(action=Action.ROLE_REVOKED).data["user"] == cast.partner.email


def test_the_last_coordinator_stays(coordinator_client, cast):
    membership = Membership.objects.get(user=cast.coordinator)
    response = coordinator_client.post(f"{TEAM}{membership.pk}/", {"role": "partner"})
    assert "mindestens eine Person mit der Rolle Koordination" in response.content.decode()
    response = coordinator_client.post(f"{TEAM}{membership.pk}/", {"action": "remove"})
    assert "mindestens eine Person mit der Rolle Koordination" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == "coordinator"
    assert not AuditEvent.objects.filter(action__startswith="membership.").exists()


def test_a_membership_of_another_tenant_is_not_found(coordinator_client, cast):
    other = Membership.objects.get(user=cast.coordinator_b)
    assert coordinator_client.get(f"{TEAM}{other.pk}/").status_code == 404
    assert coordinator_client.post(f"{TEAM}{other.pk}/", {"action": "remove"}).status_code == 404
    assert Membership.objects.filter(pk=other.pk).exists()
