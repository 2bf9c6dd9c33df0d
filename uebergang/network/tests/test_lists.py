"""The list pages of bodies (by level, chair, members, next meeting) and meetings (upcoming, past paginated)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from uebergang.network.models import Body, BodyMembership, Meeting
from uebergang.test import create_organisation

BODIES = "/kreis-a/intern/gremien/"
MEETINGS = "/kreis-a/intern/sitzungen/"


@pytest.mark.parametrize("url", [BODIES, MEETINGS])
@pytest.mark.parametrize("role", ["coordinator", "partner", "case_worker", "steering"])
def test_every_staff_role_sees_the_lists_with_navigation(client, cast, url, role):
    client.force_login(getattr(cast, role))
    page = client.get(url).content.decode()
    assert "Steuerungsgruppe a" in page and "Steuerungsgruppe b" not in page
    assert f'href="{url}" aria-current="page"' in page


@pytest.mark.parametrize("url", [BODIES, MEETINGS])
@pytest.mark.parametrize("who", ["coordinator_b", "outsider", "association"])
def test_other_municipalities_and_outsiders_are_refused(client, cast, url, who):
    client.force_login(getattr(cast, who))
    response = client.get(url)
    assert response.status_code == 403
    assert "Steuerungsgruppe a" not in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login(client, cast):
    assert client.get(BODIES).status_code == 302


def test_bodies_are_grouped_by_level_with_chair_members_and_next_meeting(client, cast):
    network = cast.network_a
    BodyMembership.objects.filter(pk=network.body_membership.pk).update(role=BodyMembership.Role.CHAIR)
    other = create_organisation(cast.tenant_a, "Jobcenter Alpha")
    BodyMembership.objects.create(body=network.body, organisation=other)
    BodyMembership.objects.create(
        body=network.body,
        organisation=create_organisation(cast.tenant_a, "Früher dabei"),
        end=timezone.localdate() - timedelta(days=1),
    )
    Meeting.objects.create(body=network.body, starts_at=timezone.now() + timedelta(days=3))
    Body.objects.create(
        tenant=cast.tenant_a,
        name="Regionalgruppe West",
        kind=Body.Kind.REGIONAL_GROUP,
        level=Body.Level.OPERATIONAL,
    )
    client.force_login(cast.partner)
    page = client.get(BODIES).content.decode()
    strategic, rest = page.split('id="ebene-1"')[1].split('id="ebene-2"')
    assert "Steuerungsgruppe a" in strategic and "Regionalgruppe West" not in strategic
    assert "Auf dieser Ebene gibt es kein Gremium." in rest.split('id="ebene-3"')[0]
    assert "Regionalgruppe West" in rest.split('id="ebene-3"')[1]
    row = strategic.split("Steuerungsgruppe a")[1].split("</tr>")[0]
    assert "Bildungswerk a (Öffentliche Person a)" in row
    assert "<td>2</td>" in row  # current members only
    next_day = timezone.localtime(timezone.now() + timedelta(days=3)).strftime("%d.%m.%Y")
    assert next_day in row
    assert "keine geplant" in page.split("Regionalgruppe West")[1].split("</tr>")[0]
    assert '<th scope="col">Vorsitz</th>' in page


def test_meetings_split_into_upcoming_and_past_and_past_ones_paginate(client, cast):
    body = cast.network_a.body
    now = timezone.now()
    Meeting.objects.create(body=body, title="Planung Herbst", starts_at=now + timedelta(days=10))
    Meeting.objects.bulk_create(
        Meeting(body=body, title=f"Altsitzung {i:02d}", starts_at=now - timedelta(days=30 + i))
        for i in range(30)
    )
    client.force_login(cast.steering)
    page = client.get(MEETINGS).content.decode()
    upcoming, past = page.split('id="vergangene-heading"')
    assert "Planung Herbst" in upcoming and "Altsitzung" not in upcoming
    assert "Planung Herbst" not in past
    # 31 past meetings (30 + the cast's): 25 on the first page, newest first.
    assert past.count("Altsitzung") == 24 and "Altsitzung 23" in past and "Altsitzung 24" not in past
    assert "Seite 1 von 2" in past
    second = client.get(MEETINGS + "?seite=2").content.decode()
    assert second.split('id="vergangene-heading"')[1].count("Altsitzung") == 6
    assert "Planung Herbst" in second  # upcoming meetings stay on every page


def test_meetings_filter_by_body_and_a_foreign_body_is_rejected_clearly(client, cast):
    other = Body.objects.create(
        tenant=cast.tenant_a,
        name="Arbeitskreis Berufsorientierung",
        kind=Body.Kind.WORKING_GROUP,
        level=Body.Level.OPERATIONAL,
    )
    Meeting.objects.create(body=other, title="AK-Treffen", starts_at=timezone.now() + timedelta(days=1))
    client.force_login(cast.coordinator)
    page = client.get(f"{MEETINGS}?gremium={other.pk}").content.decode()
    assert "AK-Treffen" in page and "Rathaus" not in page
    assert "Sitzungen: Arbeitskreis Berufsorientierung" in page
    page = client.get(f"{MEETINGS}?gremium={cast.network_b.body.pk}").content.decode()
    assert "Dieses Gremium gibt es nicht" in page and "Steuerungsgruppe b" not in page
    assert "AK-Treffen" in page and "Rathaus" in page


def test_the_lists_need_few_queries_whatever_their_size(client, cast, django_assert_max_num_queries):
    for i in range(15):
        body = Body.objects.create(
            tenant=cast.tenant_a,
            name=f"Gremium {i}",
            code=f"G{i}",
            kind=Body.Kind.WORKING_GROUP,
            level=Body.Level.OPERATIONAL,
        )
        BodyMembership.objects.create(body=body, organisation=cast.network_a.organisation, role="chair")
        Meeting.objects.create(body=body, starts_at=timezone.now() + timedelta(days=i + 1))
    client.force_login(cast.coordinator)
    with django_assert_max_num_queries(12):
        assert client.get(BODIES).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(MEETINGS).status_code == 200
