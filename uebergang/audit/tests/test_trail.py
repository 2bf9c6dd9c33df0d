from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from uebergang.audit.models import AuditEvent
from uebergang.audit.record import record

Action = AuditEvent.Action
TRAIL = "/kreis-a/intern/protokoll/"


@pytest.fixture
def trail(cast):
    """Events of both tenants, and sign-ins that belong to no tenant."""
    record(Action.TENANT_UPDATED, actor=cast.coordinator, tenant=cast.tenant_a, obj=cast.tenant_a)
    record(Action.ROLE_CHANGED, actor=cast.coordinator, tenant=cast.tenant_a, obj=cast.tenant_a)
    record(Action.LOGIN, actor=cast.steering)  # sign-in of a member: no tenant
    record(Action.TENANT_UPDATED, actor=cast.coordinator_b, tenant=cast.tenant_b, obj=cast.tenant_b)
    record(Action.LOGIN, actor=cast.coordinator_b)
    record(Action.ROLE_GRANTED, actor=cast.coordinator, tenant=cast.tenant_a, obj=cast.tenant_a)


def rows(response):
    return list(response.context["page"])


def test_coordinator_sees_own_tenant_and_member_sign_ins_only(client, cast, trail):
    client.force_login(cast.coordinator)
    response = client.get(TRAIL)
    events = rows(response)
    emails = {e.actor_email for e in events}
    assert cast.coordinator_b.email not in emails
    assert cast.steering.email in emails  # member sign-in
    assert {e.tenant_id for e in events} <= {cast.tenant_a.pk, None}
    assert "Stadt Beta" not in response.content.decode()


def test_filter_by_person_and_action(client, cast, trail):
    client.force_login(cast.coordinator)
    by_person = rows(client.get(TRAIL, {"person": cast.steering.email}))
    assert [e.action for e in by_person] == [Action.LOGIN]
    by_action = rows(client.get(TRAIL, {"action": Action.TENANT_UPDATED}))
    assert [e.tenant_id for e in by_action] == [cast.tenant_a.pk]


def test_filter_by_date(client, cast, trail):
    client.force_login(cast.coordinator)
    today = timezone.localdate()
    assert (
        len(rows(client.get(TRAIL, {"date_from": today.isoformat()}))) == 4
    )  # three events of A and one member sign-in
    assert rows(client.get(TRAIL, {"date_to": (today - timedelta(days=1)).isoformat()})) == []


def test_an_inverted_date_range_is_explained(client, cast, trail):
    client.force_login(cast.coordinator)
    today = timezone.localdate()
    response = client.get(
        TRAIL, {"date_from": today.isoformat(), "date_to": (today - timedelta(days=3)).isoformat()}
    )
    assert "Das Anfangsdatum liegt nach dem Enddatum." in response.content.decode()


def test_a_person_of_another_tenant_is_not_a_filter_choice(client, cast, trail):
    client.force_login(cast.coordinator)
    response = client.get(TRAIL, {"person": cast.coordinator_b.email})
    assert "keine gültige Auswahl" in response.content.decode()
    assert cast.coordinator_b.email not in {e.actor_email for e in rows(response)}


def test_the_trail_page_needs_a_fixed_number_of_queries(client, cast, trail):
    client.force_login(cast.coordinator)
    client.get(TRAIL)
    with CaptureQueriesContext(connection) as few:
        client.get(TRAIL)
    for _ in range(60):
        record(Action.TENANT_UPDATED, actor=cast.coordinator, tenant=cast.tenant_a, obj=cast.tenant_a)
    with CaptureQueriesContext(connection) as many:
        client.get(TRAIL)
    assert len(many) == len(few) <= 12


@pytest.mark.parametrize(
    "who", ["partner", "case_worker", "steering", "coordinator_b", "association", "outsider"]
)
def test_only_the_coordinator_sees_the_trail(client, cast, trail, who):
    client.force_login(cast.members_a.get(who) or getattr(cast, who))
    assert client.get(TRAIL).status_code == 403


def test_an_htmx_filter_request_gets_only_the_results(client, cast, trail):
    client.force_login(cast.coordinator)
    response = client.get(TRAIL, {"action": Action.LOGIN}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="protokoll-ergebnisse"')
    assert "<html" not in html and "1 Eintrag" in html
